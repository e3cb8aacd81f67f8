#!/bin/sh
# What /metrics exposes, checked by Prometheus' own promtool (from Debian's
# prometheus package; scripts/install-deps test unpacks it into
# tests/metrics/bin): the text format parses, and promtool's lint (help
# text, _total on counters, units, no reserved labels) finds nothing. The
# daemon is first given a request of every kind a labelled series counts
# (a lookup, a search, a 404, a 400, a 405, a HEAD, a gzip answer, a scan
# with findings and one refused), so that every family has samples with
# the label values real traffic makes.
# Then every family the daemon exposes must be named in the README.
#   tests/metrics/run.sh build/wsaerrd
# Prints "metrics: N passed, M failed".
set -u
daemon=${1:?usage: run.sh path/to/wsaerrd}
here=$(dirname "$0")
promtool="$here/bin/promtool"
[ -x "$promtool" ] || {
	echo "metrics: no $promtool: run scripts/install-deps test" >&2
	exit 1
}
suite=metrics
. "$here/../daemon.sh"

start --threads 2
url="http://127.0.0.1:$port"

get() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[ "$(get "$url/codes/10061")" = 200 ] &&
	[ "$(get "$url/codes?q=connection%20refused")" = 200 ] &&
	[ "$(get --compressed "$url/codes/WSAETIMEDOUT")" = 200 ] &&
	[ "$(get "$url/codes/10999")" = 404 ] &&
	[ "$(get "$url/codes?limit=x")" = 400 ] &&
	[ "$(get -X DELETE "$url/codes/10061")" = 405 ] &&
	[ "$(get -I "$url/codes/10054")" = 200 ] &&
	ok "lookups, a search, gzip, 404, 400, 405 and HEAD answered" ||
	bad "a request got an unexpected answer"
printf '%s\n' "connect() failed: WSAECONNREFUSED" "ok" \
	"recv: An existing connection was forcibly closed by the remote host" \
	>"$work/log"
code=$(get -X POST -H 'Content-Type: text/plain' --data-binary "@$work/log" \
	"$url/scan")
refused=$(get -X POST -H 'Content-Type: image/png' --data-binary x \
	"$url/scan")
[ "$code" = 200 ] && [ "$refused" = 415 ] &&
	ok "a scan answered 200, one refused 415" ||
	bad "scans: $code and $refused"
curl -s -o "$work/metrics" "$url/metrics"
if "$promtool" check metrics <"$work/metrics" >"$work/promtool" 2>&1; then
	ok "promtool check metrics: parses, and its lint finds nothing"
else
	bad "promtool check metrics:"
	sed 's/^/    /' "$work/promtool"
fi
# the families real traffic fills have samples with its labels
for series in 'http_requests_total{method="GET",route="/codes/{key}",code="404"}' \
	'http_requests_total{method="POST",route="/scan",code="200"}' \
	'wsaerr_lookups_total{code="10061"}' \
	'wsaerr_scan_findings_total{code="10061",name="WSAECONNREFUSED"}' \
	'wsaerr_scan_findings_total{code="10054",name="WSAECONNRESET"}' \
	'wsaerr_scans_total'; do
	if grep -qF "$series " "$work/metrics"; then
		ok "$series"
	else
		bad "no $series in /metrics"
	fi
done
# every family exposed is in the README's list of them (a prefix ending
# in * there stands for the families it begins)
missing=0
for family in $(sed -n 's/^# TYPE \([^ ]*\) .*/\1/p' "$work/metrics"); do
	found=no
	for named in $(grep -o '`[a-z_]*\*\{0,1\}' "$here/../../README.md" |
		tr -d '`' | sort -u); do
		case $named in
		*\*) case $family in "${named%\*}"*) found=yes ;; esac ;;
		"$family") found=yes ;;
		esac
	done
	[ "$found" = yes ] || {
		missing=$((missing + 1))
		bad "$family is not in the README"
	}
done
[ "$missing" -eq 0 ] && ok "every family exposed is named in the README"

stop metrics
echo "metrics: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
