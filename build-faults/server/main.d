build-faults/server/main.o: server/main.c tests/faults/faults.h \
 server/config.h server/accesslog.h lib/attr.h server/server.h
tests/faults/faults.h:
server/config.h:
server/accesslog.h:
lib/attr.h:
server/server.h:
