build-faults/server/config.o: server/config.c tests/faults/faults.h \
 server/config.h server/accesslog.h lib/attr.h lib/text.h lib/attr.h
tests/faults/faults.h:
server/config.h:
server/accesslog.h:
lib/attr.h:
lib/text.h:
lib/attr.h:
