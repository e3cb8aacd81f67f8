build-faults/server/server.o: server/server.c tests/faults/faults.h \
 server/server.h lib/attr.h server/config.h server/accesslog.h \
 server/conns.h server/metrics.h server/routes.h server/cache.h \
 server/http.h server/problem.h lib/table.h lib/attr.h lib/search.h \
 lib/table.h server/respond.h lib/text.h server/uri.h
tests/faults/faults.h:
server/server.h:
lib/attr.h:
server/config.h:
server/accesslog.h:
server/conns.h:
server/metrics.h:
server/routes.h:
server/cache.h:
server/http.h:
server/problem.h:
lib/table.h:
lib/attr.h:
lib/search.h:
lib/table.h:
server/respond.h:
lib/text.h:
server/uri.h:
