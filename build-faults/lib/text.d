build-faults/lib/text.o: lib/text.c tests/faults/faults.h lib/text.h \
 lib/attr.h
tests/faults/faults.h:
lib/text.h:
lib/attr.h:
