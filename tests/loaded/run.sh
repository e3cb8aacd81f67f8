#!/bin/sh
# Runs a command again and again beside two CPU hogs, as a shared, loaded
# two-core CI machine would: the way to find a test that passes only on a
# quiet machine (a sleep used as a synchronization, a gauge read the instant
# a client sees a close, an assumed order of two threads).
#   tests/loaded/run.sh RUNS LOGDIR COMMAND...
# Each run's output goes to LOGDIR/run-N.log; a failed run's is kept and its
# end printed. Prints "loaded: N passed, M failed" and fails if any did.
set -u
runs=${1:?usage: run.sh RUNS LOGDIR COMMAND...}
logs=${2:?usage: run.sh RUNS LOGDIR COMMAND...}
shift 2
[ $# -gt 0 ] || { echo "usage: run.sh RUNS LOGDIR COMMAND..." >&2; exit 2; }

hogs=""
stop_hogs() {
	for h in $hogs; do kill "$h" 2>/dev/null; done
	for h in $hogs; do wait "$h" 2>/dev/null; done
	hogs=""
}
trap stop_hogs EXIT
trap 'stop_hogs; exit 130' INT TERM
# two busy loops, one a core: each test now shares the machine with them
for _ in 1 2; do
	sh -c 'while :; do :; done' &
	hogs="$hogs $!"
done

rm -rf "$logs" && mkdir -p "$logs"
passed=0
failed=0
i=1
while [ "$i" -le "$runs" ]; do
	start=$(date +%s)
	if "$@" >"$logs/run-$i.log" 2>&1; then
		passed=$((passed + 1))
		echo "run $i: ok ($(( $(date +%s) - start )) s)"
		rm -f "$logs/run-$i.log"
	else
		failed=$((failed + 1))
		echo "run $i: FAILED ($(( $(date +%s) - start )) s), $logs/run-$i.log:"
		grep -E 'FAIL|Assertion|error|passed, [1-9]' "$logs/run-$i.log" |
			head -20 | sed 's/^/    /'
	fi
	i=$((i + 1))
done
echo "loaded: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
