build-faults/gen/openapi.o: build-faults/gen/openapi.c
