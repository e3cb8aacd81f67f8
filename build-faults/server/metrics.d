build-faults/server/metrics.o: server/metrics.c tests/faults/faults.h \
 server/metrics.h server/routes.h server/cache.h server/http.h \
 server/problem.h lib/attr.h lib/table.h lib/attr.h lib/search.h \
 lib/table.h
tests/faults/faults.h:
server/metrics.h:
server/routes.h:
server/cache.h:
server/http.h:
server/problem.h:
lib/attr.h:
lib/table.h:
lib/attr.h:
lib/search.h:
lib/table.h:
