build-faults/server/accesslog.o: server/accesslog.c tests/faults/faults.h \
 server/accesslog.h lib/text.h lib/attr.h
tests/faults/faults.h:
server/accesslog.h:
lib/text.h:
lib/attr.h:
