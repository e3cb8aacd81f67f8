build-faults/server/problem.o: server/problem.c tests/faults/faults.h \
 server/problem.h lib/attr.h render/render.h lib/table.h lib/attr.h
tests/faults/faults.h:
server/problem.h:
lib/attr.h:
render/render.h:
lib/table.h:
lib/attr.h:
