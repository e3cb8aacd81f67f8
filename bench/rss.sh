#!/bin/sh
# bench/rss.sh: the daemon's memory under a flood of distinct searches,
# each a new entry for the answer cache (8 MiB), so the cache churns all
# the time: the RSS before, its plateau (the highest of a sample a second),
# and what the cache says it holds, for each thread count given.
#   bench/rss.sh BUILD [QUERIES] [THREADS...]   (330000; 2 8)
# h2load (HTTP/1.1, 32 connections) sends them; loopback only.
set -eu
build=${1:?usage: rss.sh BUILD [QUERIES] [THREADS...]}
queries=${2:-330000}
shift $(($# >= 2 ? 2 : 1))
threads=${*:-2 8}
work=$(mktemp -d)
pid=""
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; fi; rm -rf "$work"' EXIT

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

for t in $threads; do
	"$build/wsaerrd" --port 0 --bind 127.0.0.1 --log-format off \
		--threads "$t" >/dev/null 2>"$work/stderr" &
	pid=$!
	port=""
	while [ -z "$port" ]; do
		kill -0 "$pid" || { cat "$work/stderr" >&2; exit 1; }
		port=$(sed -n 's/.* port \([0-9]*\),.*/\1/p' "$work/stderr")
		[ -n "$port" ] || sleep 0.05
	done
	awk -v n="$queries" -v p="$port" 'BEGIN { srand(1); for (i = 0; i < n; i++)
		printf "http://127.0.0.1:%s/codes?q=connection+refused+%d+w%x\n",
		       p, i, int(rand() * 2^31) }' >"$work/uris"
	before=$(rss "$pid")
	h2load --h1 -i "$work/uris" -n "$queries" -c 32 -t 2 \
		>"$work/h2load" 2>&1 &
	load=$!
	peak=$before
	while kill -0 "$load" 2>/dev/null; do
		now=$(rss "$pid")
		[ "$now" -gt "$peak" ] && peak=$now
		sleep 1
	done
	wait "$load" || { cat "$work/h2load" >&2; exit 1; }
	after=$(rss "$pid")
	[ "$after" -gt "$peak" ] && peak=$after
	held=$(curl -s "http://127.0.0.1:$port/metrics" |
		awk '/^wsaerr_search_cache_bytes / { print int($2 / 1024) }')
	rate=$(sed -n 's/.* \([0-9.]*\) req\/s.*/\1/p' "$work/h2load")
	echo "threads $t: $queries distinct searches at $rate req/s:" \
		"RSS $before KiB before, plateau $peak KiB, $after KiB after;" \
		"the cache holds $held KiB"
	kill "$pid"
	wait "$pid" || true
	pid=""
done
