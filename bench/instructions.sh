#!/bin/sh
# bench/instructions.sh BUILD: user-space instructions per request, counted
# by callgrind: a measure that does not move with a shared machine's load,
# as the req/s of bench-http do. For each case the server (wsaerrd with
# its default access log, or the floor) runs under callgrind with
# instrumentation off until it answers; then N requests on one keep-alive
# connection are counted, and nothing else.
#
# libmicrohttpd zeroes a connection's whole memory pool after each request
# (30 KiB for wsaerrd, 32 KiB for the floor); under valgrind a memset costs
# about a count per byte, so memset is shown apart (the pool is most of it)
# and left out of the per-request figure.
set -eu

build=${1:-build}
n=${BENCH_REQUESTS:-2000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

for tool in valgrind callgrind_annotate callgrind_control python3 curl; do
	command -v "$tool" >/dev/null ||
		{ echo "instructions: $tool is missing" >&2; exit 1; }
done

# The requests: one path N times, or (distinct) the log lines of the search
# evaluation set, each with a word no code has, so no answer is cached.
cat >"$tmp/client.py" <<'EOF'
import socket, sys, urllib.parse
port, n, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
extra = sys.argv[5] + "\r\n" if len(sys.argv) > 5 and sys.argv[5] else ""
lines = []
if path == "distinct":
    with open(sys.argv[4]) as f:
        for l in f:
            parts = l.rstrip("\n").split("\t")
            if not l.startswith("#") and len(parts) == 3:
                lines.append(parts[2])
s = socket.create_connection(("127.0.0.1", port))
for i in range(n):
    p = path
    if lines:
        p = "/codes?q=" + urllib.parse.quote_plus(lines[i % len(lines)]) + "+qqz%dq" % i
    s.sendall(f"GET {p} HTTP/1.1\r\nHost: a\r\n{extra}\r\n".encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        buf += s.recv(65536)
    head, _, body = buf.partition(b"\r\n\r\n")
    length = [l.split(b":")[1] for l in head.split(b"\r\n")
              if l.lower().startswith(b"content-length")]
    want = int(length[0]) if length else 0
    if head.startswith(b"HTTP/1.1 304"):  # its Content-Length is the 200's
        want = 0
    while len(body) < want:
        body += s.recv(65536)
EOF

port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# count NAME SERVER PATH [HEADER]: prints one table row; HEADER "etag"
# sends If-None-Match with the ETag of PATH, for a 304
count() {
	name=$1 server=$2 path=$3 header=${4-} p=$(port)
	if [ "$server" = floor ]; then
		set -- "$build/floor" "$p" 1404 1
	else
		set -- "$build/wsaerrd" --port "$p" --threads 1 --drain-seconds 0
	fi
	valgrind --tool=callgrind --instr-atstart=no \
		--callgrind-out-file="$tmp/out" "$@" >/dev/null 2>"$tmp/err" &
	pid=$!
	i=0
	until curl -s -o /dev/null "http://127.0.0.1:$p/livez"; do
		i=$((i + 1))
		[ $i -lt 300 ] || { echo "instructions: no answer" >&2; exit 1; }
		sleep 0.1
	done
	if [ "$header" = etag ]; then
		header="If-None-Match: $(curl -sI "http://127.0.0.1:$p$path" |
			tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')"
	fi
	callgrind_control -i on "$pid" >/dev/null 2>&1
	python3 "$tmp/client.py" "$p" "$n" "$path" tests/search/loglines.tsv \
		"$header"
	callgrind_control -i off "$pid" >/dev/null 2>&1
	kill -TERM "$pid"
	wait "$pid" || true
	callgrind_annotate --auto=no --threshold=100 "$tmp/out" |
		sed -n 's/^ *\([0-9,]*\) *([ 0-9.]*%) *\(.*\)$/\1 \2/p' | tr -d ',' |
		awk -v n="$n" -v name="$name" -v server="$server" '
			/PROGRAM TOTALS/ { total = $1; next }
			/memset/ { pool += $1 }
			END { printf "| %s | %s | %d | %d |\n", name, server,
			      (total - pool) / n, pool / n }'
}

echo "| case | server | instructions a request | memset |"
echo "|---|---|---:|---:|"
count "lookup by number" floor /codes/10061
count "lookup by number" wsaerrd /codes/10061
count "lookup by name" wsaerrd /codes/WSAECONNRESET
count "404" wsaerrd /codes/WSAEFOO
count "304" floor /codes/10061 etag
count "304" wsaerrd /codes/10061 etag
count "400 (malformed key)" wsaerrd /codes/99999
count "repeated search" wsaerrd "/codes?q=connection+reset"
count "distinct log lines" wsaerrd distinct
