build-faults/lib/table.o: lib/table.c tests/faults/faults.h lib/table.h \
 lib/attr.h lib/text.h
tests/faults/faults.h:
lib/table.h:
lib/attr.h:
lib/text.h:
