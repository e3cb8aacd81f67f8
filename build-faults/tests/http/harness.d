build-faults/tests/http/harness.o: tests/http/harness.c \
 tests/http/harness.h server/config.h server/accesslog.h lib/attr.h \
 server/server.h server/config.h
tests/http/harness.h:
server/config.h:
server/accesslog.h:
lib/attr.h:
server/server.h:
server/config.h:
