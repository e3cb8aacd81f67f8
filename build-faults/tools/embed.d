build-faults/tools/embed.o: tools/embed.c
