#!/bin/sh
# CLI tests of wsaerr scan: findings, summary, exit status, encodings,
# NDJSON, limits.   tests/cli/scan.sh build/wsaerr
set -u
bin=${1:?usage: scan.sh path/to/wsaerr}
passed=0 failed=0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

ok() { # ok NAME STATUS: count a check
	if [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $1" >&2
		[ -s "$dir/out" ] && sed 's/^/    /' "$dir/out" >&2
	fi
}

# a log: a line that names 10061, one that names nothing, a process id, a
# Russian line that names 10054, and a Chinese one that names 10061
log=$dir/app.log
printf '%s\n' \
	'2024-01-01 12:00:00 INFO starting' \
	'2024-01-01 12:00:01 ERROR connect: [WinError 10061] No connection could be made because the target machine actively refused it' \
	'sshd[10035]: check pass; user unknown' \
	'System.Net.Sockets.SocketException (10054): Удаленный хост принудительно разорвал существующее подключение.' \
	'由于目标计算机积极拒绝，无法连接。' >"$log"

"$bin" scan "$log" >"$dir/out" 2>&1
st=$?
ok "a log with errors exits 0" "$st"
grep -qx "$log:2: WSAECONNREFUSED (10061): 2024-01-01 12:00:01 ERROR connect: \[WinError 10061\] No connection could be made because the target machine actively refused it" "$dir/out"
ok "a finding is FILE:LINE: NAME (CODE): the line" $?
grep -q "^$log:4: WSAECONNRESET (10054): System.Net" "$dir/out" &&
	grep -q "^$log:5: WSAECONNREFUSED (10061): 由于" "$dir/out"
ok "lines in other languages are found" $?
! grep -q ":3: " "$dir/out"
ok "a process id names nothing" $?
grep -q '^5 lines, [0-9]* bytes: 2 codes$' "$dir/out" &&
	grep -Eq '^ +2  WSAECONNREFUSED \(10061\)  first .*app.log:2  last .*app.log:5$' "$dir/out"
ok "the summary: most frequent first, with first and last line" $?
! grep -q "$(printf '\033')" "$dir/out"
ok "no color when the output is no terminal" $?

# nothing found: 1; a file that is not there: 2, and the others still read
printf 'all is well\n' >"$dir/quiet.log"
"$bin" scan "$dir/quiet.log" >"$dir/out" 2>&1
[ $? -eq 1 ]
ok "a log without errors exits 1" $?
"$bin" scan "$dir/missing.log" "$log" >"$dir/out" 2>&1
st=$?
[ "$st" -eq 2 ] && grep -q "missing.log: No such file" "$dir/out" &&
	grep -q ":2: WSAECONNREFUSED" "$dir/out"
ok "a missing file exits 2, and the rest is scanned" $?

# encodings: UTF-16LE with a BOM (PowerShell's >), without one, UTF-16BE,
# UTF-8 with a BOM, CRLF; standard input, with - and without
for enc in UTF-16 UTF-16LE UTF-16BE; do
	iconv -f UTF-8 -t "$enc" "$log" >"$dir/$enc.log"
	"$bin" scan "$dir/$enc.log" >"$dir/out" 2>&1
	grep -q '^5 lines, [0-9]* bytes: 2 codes$' "$dir/out" &&
		grep -q ":5: WSAECONNREFUSED" "$dir/out"
	ok "$enc is read" $?
done
{ printf '\357\273\277'; sed 's/$/\r/' "$log"; } >"$dir/bom-crlf.log"
"$bin" scan "$dir/bom-crlf.log" >"$dir/out" 2>&1
grep -q ':2: WSAECONNREFUSED (10061): 2024' "$dir/out" &&
	! grep -q "$(printf '\r')" "$dir/out"
ok "UTF-8 with a BOM and CRLF line ends" $?
"$bin" scan <"$log" >"$dir/out" 2>&1 &&
	grep -q '^(standard input):2: WSAECONNREFUSED' "$dir/out"
ok "standard input when no file is named" $?
"$bin" scan - <"$log" >"$dir/out" 2>&1 &&
	grep -q '^(standard input):4: WSAECONNRESET' "$dir/out"
ok "standard input as -" $?

# damaged input: NUL bytes, bytes that are not UTF-8, a line longer than
# 4 KiB (only its start is searched), a last line without its end
{
	printf 'a\0b \377\376 No connection could be made because the target machine actively refused it\n'
	printf 'x%.0s' $(seq 1 5000)
	printf ' An existing connection was forcibly closed by the remote host\n'
	printf 'An existing connection was forcibly closed by the remote host'
} >"$dir/damaged.log"
"$bin" scan "$dir/damaged.log" >"$dir/out" 2>&1
grep -q ':1: WSAECONNREFUSED' "$dir/out" && ! grep -q ':2: ' "$dir/out" &&
	grep -q ':3: WSAECONNRESET' "$dir/out" &&
	grep -q '^3 lines, ' "$dir/out"
ok "NUL, bad bytes, a long line and a last line without its end" $?

# NDJSON: each line JSON, a finding's fields, the summary last; --limit
"$bin" scan --json --limit 1 "$log" >"$dir/out" 2>&1
python3 - "$dir/out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
f, last = rows[0], rows[-1]
assert len(rows) == 2, rows
assert set(f) >= {"file", "line", "code", "name", "score", "text"}, f
assert f["line"] == 2 and f["code"] == 10061, f
assert last["lines"] == 5 and last["bytes"] > 100, last
s = {x["code"]: x for x in last["summary"]}
assert s[10061]["count"] == 2 and s[10061]["first"]["line"] == 2
assert s[10061]["last"]["line"] == 5 and s[10054]["count"] == 1
PY
ok "--json writes NDJSON; --limit cuts the findings, not the summary" $?
"$bin" scan --limit >"$dir/out" 2>&1
[ $? -eq 2 ]
ok "--limit without a number is a usage error" $?
"$bin" scan --help >"$dir/out" 2>&1 && grep -q '^usage: wsaerr scan' "$dir/out"
ok "scan --help" $?

echo "cli scan: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
