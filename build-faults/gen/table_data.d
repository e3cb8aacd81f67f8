build-faults/gen/table_data.o: build-faults/gen/table_data.c lib/table.h \
 lib/attr.h
lib/table.h:
lib/attr.h:
