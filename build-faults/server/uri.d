build-faults/server/uri.o: server/uri.c tests/faults/faults.h \
 server/uri.h lib/attr.h lib/text.h lib/attr.h
tests/faults/faults.h:
server/uri.h:
lib/attr.h:
lib/text.h:
lib/attr.h:
