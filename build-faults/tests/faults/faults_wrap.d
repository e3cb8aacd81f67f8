build-faults/tests/faults/faults_wrap.o: tests/faults/faults_wrap.c \
 tests/faults/faults.h
tests/faults/faults.h:
