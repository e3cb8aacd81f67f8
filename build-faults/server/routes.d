build-faults/server/routes.o: server/routes.c tests/faults/faults.h \
 server/routes.h server/cache.h server/http.h server/problem.h lib/attr.h \
 lib/table.h lib/attr.h lib/search.h lib/table.h lib/key.h \
 server/metrics.h render/render.h lib/text.h server/uri.h
tests/faults/faults.h:
server/routes.h:
server/cache.h:
server/http.h:
server/problem.h:
lib/attr.h:
lib/table.h:
lib/attr.h:
lib/search.h:
lib/table.h:
lib/key.h:
server/metrics.h:
render/render.h:
lib/text.h:
server/uri.h:
