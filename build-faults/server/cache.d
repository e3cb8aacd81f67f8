build-faults/server/cache.o: server/cache.c tests/faults/faults.h \
 server/cache.h server/http.h server/problem.h lib/attr.h lib/table.h \
 lib/attr.h render/render.h server/routes.h lib/search.h lib/table.h \
 server/server.h server/config.h server/accesslog.h
tests/faults/faults.h:
server/cache.h:
server/http.h:
server/problem.h:
lib/attr.h:
lib/table.h:
lib/attr.h:
render/render.h:
server/routes.h:
lib/search.h:
lib/table.h:
server/server.h:
server/config.h:
server/accesslog.h:
