build-faults/lib/load.o: lib/load.c tests/faults/faults.h lib/load.h \
 lib/table.h lib/attr.h lib/text.h
tests/faults/faults.h:
lib/load.h:
lib/table.h:
lib/attr.h:
lib/text.h:
