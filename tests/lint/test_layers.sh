#!/bin/sh
# test_layers.sh: layers.sh passes the real tree, and fails a copy of it
# given each fault it looks for.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# expect STATUS WHAT: runs layers.sh on $tmp/tree
expect() {
	if "$here/layers.sh" "$tmp/tree" >"$tmp/out" 2>&1; then got=0; else got=1; fi
	if [ "$got" = "$1" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $2: status $got, want $1" >&2
		sed 's/^/    /' "$tmp/out" >&2
	fi
}

fresh() {
	rm -rf "$tmp/tree"
	mkdir -p "$tmp/tree"
	cp -R "$root/server" "$tmp/tree/"
}

fresh
expect 0 "the tree as it is"

fresh
printf '#include "routes.h"\n' >>"$tmp/tree/server/common/metrics.c"
expect 1 "common including app"

fresh
printf '#include <microhttpd.h>\n' >>"$tmp/tree/server/app/page.c"
expect 1 "microhttpd.h in app"

fresh
printf '#include <jansson.h>\n' >>"$tmp/tree/server/common/qcache.c"
expect 1 "jansson.h in common"

fresh
printf '#include "page.h"\n' >>"$tmp/tree/server/app/bodies.c"
printf '#include "reps.h"\n' >>"$tmp/tree/server/app/page.c"
expect 1 "a cycle in a layer: bodies, page, reps"

echo "layers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
