#!/bin/sh
# Runs a test command and fails when it fails OR when its output holds a
# report matching PATTERN. Needed because Criterion runs each test in a child
# process: a leak that LeakSanitizer or valgrind reports as the child exits
# does not change the runner's exit status.
#   tests/no-reports.sh PATTERN command [args...]
set -u
pattern=$1
shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" >"$log" 2>&1
status=$?
cat "$log"
if [ "$status" -ne 0 ]; then
	echo "no-reports: '$*' exited with $status" >&2
	exit "$status"
fi
if grep -Eq -- "$pattern" "$log"; then
	echo "no-reports: '$*' printed reports matching /$pattern/" >&2
	exit 1
fi
