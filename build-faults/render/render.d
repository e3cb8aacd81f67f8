build-faults/render/render.o: render/render.c tests/faults/faults.h \
 render/render.h lib/table.h lib/attr.h
tests/faults/faults.h:
render/render.h:
lib/table.h:
lib/attr.h:
