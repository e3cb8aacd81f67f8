build-faults/lib/key.o: lib/key.c tests/faults/faults.h lib/key.h \
 lib/table.h lib/attr.h lib/text.h
tests/faults/faults.h:
lib/key.h:
lib/table.h:
lib/attr.h:
lib/text.h:
