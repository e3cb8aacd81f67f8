build-faults/tests/faults/faults.o: tests/faults/faults.c \
 tests/faults/faults.h
tests/faults/faults.h:
