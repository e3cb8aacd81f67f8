build-faults/lib/search.o: lib/search.c tests/faults/faults.h \
 lib/search.h lib/table.h lib/attr.h lib/key.h lib/text.h
tests/faults/faults.h:
lib/search.h:
lib/table.h:
lib/attr.h:
lib/key.h:
lib/text.h:
