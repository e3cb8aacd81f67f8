#!/bin/sh
# The robustness suite: the daemon as users run it, against clients other
# people wrote. Every run is on loopback and bounded in time.
#   tests/robustness/run.sh build/wsaerrd
#
# 1. slowhttptest -H (Slowloris): more trickling connections than
#    --max-connections, for 15 s, while curl asks for /livez every half
#    second: each answer must be a 200 within 1 s.
# 2. slowhttptest -X (slow read): more connections than --max-connections,
#    each with a small window, pipelining requests for the whole list
#    (about 100 KB) and reading it slowly, for 15 s, with the same probe
#    (each a 200 within 3 s).
# 3. ab and h2load (HTTP/1.1): keep-alive lookups, searches and gzip; no
#    failed request, no answer but 2xx.
# 4. slowhttptest -B (slow body) on POST /scan, more connections than
#    scans may run, for 20 s: lookups keep their 1 s, the slow bodies are
#    closed at the body deadline, and a real scan gets its 200 within it.
# 5. Hostile scan bodies with curl: a gzip bomb (10 MiB inflating to
#    10 GiB), gzip that is no gzip, a body that stops halfway, NUL and
#    binary bytes; each a clear answer or a closed connection, the slot of
#    each given back, and the service up.
# Prints "N passed, M failed".
set -u
daemon=${1:?usage: run.sh path/to/wsaerrd}
suite=robustness
. "$(dirname "$0")/../daemon.sh"

# 20 requests for /livez, one every half second: sets errors (not 200)
# and worst (the slowest, in ms).
probe() {
	worst=0
	errors=0
	for _ in $(seq 20); do
		out=$(curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}' \
			"http://127.0.0.1:$port/livez")
		code=${out% *}
		ms=$(echo "${out#* }" | awk '{ printf "%d", $1 * 1000 }')
		[ "$code" = 200 ] || errors=$((errors + 1))
		[ "$ms" -gt "$worst" ] && worst=$ms
		sleep 0.5
	done
}


# --- 1. Slowloris ---------------------------------------------------------
start --max-connections 200 --header-timeout 5
slowhttptest -H -c 400 -r 200 -i 2 -l 15 -p 2 -x 24 \
	-u "http://127.0.0.1:$port/livez" >"$work/slow.log" 2>&1 &
slow=$!
sleep 3 # the slow connections are over the limit by now
probe
wait "$slow"
sed -n 's/^.*\(pending\|connected\|closed\|service available\).*$/  &/p' \
	"$work/slow.log" | tail -5
if [ "$errors" -eq 0 ] && [ "$worst" -lt 1000 ]; then
	ok "slowloris: 20 of 20 normal requests served, slowest ${worst} ms"
else
	bad "slowloris: $errors failed, slowest ${worst} ms"
fi
if grep -q "service available:.*NO" "$work/slow.log"; then
	bad "slowloris: slowhttptest's own probe found the service down"
else
	ok "slowloris: slowhttptest's probe found the service up throughout"
fi
stop slowloris

# --- 2. Slow read ---------------------------------------------------------
start --max-connections 200 --send-timeout 10
slowhttptest -X -c 400 -r 200 -w 512 -y 1024 -n 5 -z 32 -k 3 -l 15 -p 3 \
	-u "http://127.0.0.1:$port/codes?limit=1000" >"$work/slowread.log" 2>&1 &
slow=$!
sleep 3 # the slow readers are over the limit by now
probe
wait "$slow"
sed -n 's/^.*\(pending\|connected\|closed\|service available\).*$/  &/p' \
	"$work/slowread.log" | tail -5
# the bound is wider than slowloris', for our probe and slowhttptest's
# (-p 3): the daemon is busy sending to 200 readers, and beside CPU hogs
# (make check-loaded) a probe has taken 2.7 s, and slowhttptest's once
# gave up at 2 s; a slot held until the idle timeout would take 15 s
if [ "$errors" -eq 0 ] && [ "$worst" -lt 3000 ]; then
	ok "slow read: 20 of 20 normal requests served, slowest ${worst} ms"
else
	bad "slow read: $errors failed, slowest ${worst} ms"
fi
if grep -q "service available:.*NO" "$work/slowread.log"; then
	bad "slow read: slowhttptest's own probe found the service down"
else
	ok "slow read: slowhttptest's probe found the service up throughout"
fi
stop "slow read"

# --- 3. ab and h2load -----------------------------------------------------
start
base="http://127.0.0.1:$port"
for target in /codes/10061 "/codes?q=connection+reset" /codes /codes/126; do
	ab -q -k -n 5000 -c 32 -H 'Accept-Encoding: gzip' "$base$target" \
		>"$work/ab.log" 2>&1
	failures=$(sed -n 's/^Failed requests: *//p' "$work/ab.log")
	non2xx=$(sed -n 's/^Non-2xx responses: *//p' "$work/ab.log")
	want_non2xx=""
	[ "$target" = /codes/126 ] && want_non2xx=5000 # a 404 each time
	if [ "$failures" = 0 ] && [ "$non2xx" = "$want_non2xx" ]; then
		ok "ab -k $target: 5000 requests, none failed"
	else
		bad "ab -k $target: failed '$failures', non-2xx '$non2xx'"
		tail -20 "$work/ab.log"
	fi
done
h2load --h1 -n 20000 -c 32 -m 1 "$base/codes/10061" >"$work/h2.log" 2>&1
if grep -q "requests: 20000 total, 20000 started, 20000 done, 20000 succeeded" \
	"$work/h2.log" && grep -q "status codes: 20000 2xx" "$work/h2.log"; then
	ok "h2load --h1: 20000 requests, 20000 succeeded"
else
	bad "h2load --h1"
	cat "$work/h2.log"
fi
stop "ab and h2load"

# --- 4. Slow bodies ------------------------------------------------------
metric() { # the value of one series of /metrics, or 0
	curl -s "http://127.0.0.1:$port/metrics" |
		awk -v s="$1" '$1 == s { print $2; f = 1 } END { if (!f) print 0 }'
}
printf 'connect: [WinError 10061] No connection could be made because the target machine actively refused it\n' \
	>"$work/log.txt"
# a scan, retried for up to 20 s while the slots are taken: its status
scan_within() {
	code=""
	for _ in $(seq 40); do
		code=$(curl -s -o "$work/scan.json" -m 5 -w '%{http_code}' \
			-H 'Content-Type: text/plain' --data-binary @"$work/log.txt" \
			"http://127.0.0.1:$port/scan")
		[ "$code" = 200 ] && return 0
		sleep 0.5
	done
	return 1
}
start --max-connections 200 --header-timeout 3 --scan-concurrency 2
slowhttptest -B -c 200 -r 100 -i 2 -l 20 -s 65536 -t POST -f text/plain \
	-u "http://127.0.0.1:$port/scan" >"$work/slowbody.log" 2>&1 &
slow=$!
sleep 3 # the slow bodies hold both scan slots by now
probe
if [ "$errors" -eq 0 ] && [ "$worst" -lt 1000 ]; then
	ok "slow body: 20 of 20 lookups served, slowest ${worst} ms"
else
	bad "slow body: $errors lookups failed, slowest ${worst} ms"
fi
if scan_within && grep -q '"code":10061' "$work/scan.json"; then
	ok "slow body: a real scan was answered while slow bodies came"
else
	bad "slow body: no 200 for a real scan in 20 s (last $code)"
fi
wait "$slow"
sed -n 's/^.*\(pending\|connected\|closed\|service available\).*$/  &/p' \
	"$work/slowbody.log" | tail -5
closed=$(metric 'wsaerr_connections_closed_total{reason="body_timeout"}')
if [ "${closed:-0}" -gt 0 ]; then
	ok "slow body: $closed slow bodies closed at the body deadline"
else
	bad "slow body: none closed at the body deadline"
fi
stop "slow body"

# --- 5. Hostile scan bodies -----------------------------------------------
start
base="http://127.0.0.1:$port"
# 160 gzip members of 64 MiB of zeros each: a 10 MiB body of 10 GiB
head -c 67108864 /dev/zero | gzip -9 >"$work/member.gz"
for _ in $(seq 160); do cat "$work/member.gz"; done >"$work/bomb.gz"
out=$(curl -s -o "$work/bomb.json" -m 60 -w '%{http_code} %{time_total}' \
	-H 'Content-Type: text/plain' -H 'Content-Encoding: gzip' \
	--data-binary @"$work/bomb.gz" "$base/scan")
if [ "${out% *}" = 413 ] && grep -q content-too-large "$work/bomb.json"; then
	ok "gzip bomb ($(($(wc -c <"$work/bomb.gz") / 1048576)) MiB of 10 GiB): 413 in ${out#* } s"
else
	bad "gzip bomb: $out $(cat "$work/bomb.json")"
fi
code=$(printf 'plainly not gzip' | curl -s -o /dev/null -w '%{http_code}' \
	-H 'Content-Type: text/plain' -H 'Content-Encoding: gzip' \
	--data-binary @- "$base/scan")
[ "$code" = 400 ] && ok "invalid gzip: 400" || bad "invalid gzip: $code"
# the same 4 MiB of random bytes every run (a seed, not /dev/urandom: a
# random line such as "\xC3\xAFo", read "io", is found as
# WSA_IO_INCOMPLETE, which failed one loaded round in 20; the fuzzers are
# where new bytes are tried)
python3 -c 'import random, sys
sys.stdout.buffer.write(random.Random(24).randbytes(4194304))' >"$work/binary"
printf 'a\000b\000WSAECONNRESET\000\n' >>"$work/binary"
code=$(curl -s -o "$work/bin.json" -w '%{http_code}' \
	-H 'Content-Type: application/octet-stream' \
	--data-binary @"$work/binary" "$base/scan")
if [ "$code" = 200 ] && python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(not ([f["code"] for f in r["findings"]] == [10054] and
              [c["code"] for c in r["summary"]] == [10054]))' "$work/bin.json"
then
	ok "binary bytes and NULs: 200, and only the line that names a code"
else
	bad "binary bytes and NULs: $code $(head -c 300 "$work/bin.json")"
fi
# a body that stops halfway: the client goes, the slot comes back
{
	printf 'POST /scan HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n'
	printf 'Content-Length: 1000000\r\n\r\n'
	head -c 100000 /dev/zero
} | curl -s -m 2 telnet://127.0.0.1:"$port" >/dev/null 2>&1
for _ in $(seq 50); do
	[ "$(metric wsaerr_scans_in_progress)" = 0 ] && break
	sleep 0.1
done
if [ "$(metric wsaerr_scans_in_progress)" = 0 ] && scan_within; then
	ok "a body that stops halfway: its slot given back, scans served"
else
	bad "a body that stops halfway: $(metric wsaerr_scans_in_progress) scans still in progress"
fi
stop "hostile scan bodies"

echo "robustness: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
