build-faults/server/respond.o: server/respond.c tests/faults/faults.h \
 server/respond.h server/cache.h server/http.h server/problem.h \
 lib/attr.h lib/table.h lib/attr.h server/metrics.h server/routes.h \
 lib/search.h lib/table.h
tests/faults/faults.h:
server/respond.h:
server/cache.h:
server/http.h:
server/problem.h:
lib/attr.h:
lib/table.h:
lib/attr.h:
server/metrics.h:
server/routes.h:
lib/search.h:
lib/table.h:
