build-faults/server/http.o: server/http.c tests/faults/faults.h \
 server/http.h server/problem.h lib/attr.h lib/text.h lib/attr.h
tests/faults/faults.h:
server/http.h:
server/problem.h:
lib/attr.h:
lib/text.h:
lib/attr.h:
