#!/bin/sh
# bench-http: requests per second and latency of wsaerrd under wrk, on
# loopback, beside the floor (bench/floor.c) measured in the same run.
#   bench/http.sh BUILD_DIR [SECONDS]
set -eu
build=$1
seconds=${2:-5}
threads=$(nproc)
conns=64
command -v wrk >/dev/null || { echo "bench-http: wrk is missing: run scripts/install-deps" >&2; exit 1; }

port_w=18731
port_f=18732
"$build/wsaerrd" --port $port_w --bind 127.0.0.1 --log-format off 2>/dev/null &
pid_w=$!
size=$(curl -s -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port_w/codes/10061" || true)
"$build/floor" $port_f "${size:-554}" "$threads" &
pid_f=$!
trap 'kill $pid_w $pid_f 2>/dev/null; wait 2>/dev/null' EXIT
sleep 0.5

# run NAME URL: prints "NAME  N req/s  avg latency"; sets $rps
run() {
	out=$(wrk -t2 -c$conns -d"${seconds}s" --latency "$2" 2>&1)
	rps=$(printf '%s\n' "$out" | awk '/Requests\/sec/ {print int($2)}')
	lat=$(printf '%s\n' "$out" | awk '/^    Latency/ {print $2}')
	p99=$(printf '%s\n' "$out" | awk '/ 99%/ {print $2}')
	printf '%-34s %8s req/s  avg %-8s p99 %s\n' "$1" "$rps" "$lat" "$p99"
}

echo "wrk: 2 threads, $conns connections, ${seconds}s each, loopback, $threads server threads"
run "floor (bare libmicrohttpd, ${size}B)" "http://127.0.0.1:$port_f/"
floor=$rps
run "wsaerrd GET /codes/10061" "http://127.0.0.1:$port_w/codes/10061"
lookup=$rps
run "wsaerrd GET /codes/econnrefused" "http://127.0.0.1:$port_w/codes/econnrefused"
run "wsaerrd GET /codes?q=connection+reset" "http://127.0.0.1:$port_w/codes?q=connection+reset"
search=$rps
run "wsaerrd GET /codes (list, 25 KiB)" "http://127.0.0.1:$port_w/codes"
awk -v l="$lookup" -v s="$search" -v f="$floor" 'BEGIN {
	printf "lookup / floor: %.2f   search / floor: %.2f\n", l / f, s / f }'
