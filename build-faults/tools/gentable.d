build-faults/tools/gentable.o: tools/gentable.c tools/../lib/load.h \
 tools/../lib/table.h tools/../lib/attr.h
tools/../lib/load.h:
tools/../lib/table.h:
tools/../lib/attr.h:
