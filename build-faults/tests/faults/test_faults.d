build-faults/tests/faults/test_faults.o: tests/faults/test_faults.c \
 tests/faults/faults.h tests/http/harness.h server/config.h \
 server/accesslog.h lib/attr.h tests/http/proc.h server/server.h \
 server/config.h
tests/faults/faults.h:
tests/http/harness.h:
server/config.h:
server/accesslog.h:
lib/attr.h:
tests/http/proc.h:
server/server.h:
server/config.h:
