#!/bin/sh
# layers.sh: server/ is four layers, each a folder, lowest first: common,
# http, app, transport (server/README.md). Fails when
#   - a file includes a header of a layer above its own (the build's -I
#     paths refuse most such includes; this names them all at once);
#   - a library header is included outside its layer: <microhttpd.h> only
#     in transport, <jansson.h> and <zlib.h> nowhere in common;
#   - the modules reach each other in a cycle (a module is NAME.c with
#     NAME.h: one that includes a header of another depends on it).
# Usage: tests/lint/layers.sh [ROOT]  (ROOT: the source tree, default .)
set -eu
root=${1:-.}
layers="common http app transport"
status=0
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT

rank() { # the rank of a layer, from 1
	i=0
	for l in $layers; do
		i=$((i + 1))
		[ "$l" = "$1" ] && echo $i && return
	done
	echo 0
}

for layer in $layers; do
	r=$(rank "$layer")
	for f in "$root"/server/"$layer"/*.[ch]; do
		[ -e "$f" ] || continue
		mod=$(basename "$f" | sed 's/\.[ch]$//')
		for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
			for other in $layers; do
				[ -e "$root/server/$other/$inc" ] || continue
				if [ "$(rank "$other")" -gt "$r" ]; then
					echo "layers: $f includes $inc of" \
					     "server/$other/, a layer above" \
					     "$layer" >&2
					status=1
				fi
				dep=${inc%.h}
				[ "$dep" = "$mod" ] || echo "$dep $mod" >>"$edges"
			done
		done
		case "$layer" in
		transport) ;;
		*) if grep -q '^#include <microhttpd.h>' "$f"; then
			echo "layers: $f includes <microhttpd.h> outside" \
			     "server/transport/" >&2
			status=1
		   fi ;;
		esac
		if [ "$layer" = common ] &&
		   grep -qE '^#include <(jansson|zlib)\.h>' "$f"; then
			echo "layers: $f includes a library header in" \
			     "server/common/" >&2
			status=1
		fi
	done
done
if ! sort -u "$edges" | tsort >/dev/null 2>"$edges.err"; then
	echo "layers: the modules of server/ include each other in a cycle:" >&2
	cat "$edges.err" >&2
	status=1
fi
rm -f "$edges.err"
[ $status -eq 0 ] && echo "layers: server/ includes only down its" \
	"$(echo $layers | wc -w) layers, with no cycle"
exit $status
