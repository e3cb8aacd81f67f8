build-faults/tests/http/proc.o: tests/http/proc.c tests/http/proc.h
tests/http/proc.h:
