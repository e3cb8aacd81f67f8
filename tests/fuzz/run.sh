#!/bin/sh
# Runs libFuzzer targets, each for a fixed time, from the corpora kept in
# the repo (copied: the repo's stay as they are).
#   tests/fuzz/run.sh BUILD_DIR SECONDS target...
# A crash, a sanitizer report or a leak fails the run; the input that did
# it is kept in BUILD_DIR/findings/. Prints each target's executions and
# CPU seconds, then "N passed, M failed".
set -u
dir=$1
seconds=$2
shift 2
passed=0
failed=0
mkdir -p "$dir/findings"
for t in "$@"; do
	corpus="$dir/corpus/$t"
	mkdir -p "$corpus"
	cp -n tests/fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null
	case $t in
	load) max_len=65536 ;;
	*) max_len=16384 ;;
	esac
	dict=""
	case $t in
	request | uri | headers) dict="-dict=tests/fuzz/http.dict" ;;
	esac
	log="$dir/fuzz_$t.log"
	start=$(cat /proc/self/stat | awk '{print $14 + $15}')
	# shellcheck disable=SC2086 # $dict is one word or none
	"$dir/fuzz_$t" -max_total_time="$seconds" -max_len=$max_len $dict \
		-timeout=20 -print_final_stats=1 \
		-artifact_prefix="$dir/findings/$t-" "$corpus" >"$log" 2>&1
	status=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ "$status" -eq 0 ]; then
		passed=$((passed + 1))
		echo "fuzz: $t: ${runs:-?} runs in ${seconds}s, no finding"
	else
		failed=$((failed + 1))
		echo "FAIL: fuzz: $t (exit $status); the input is in $dir/findings/"
		grep -E '^(==|SUMMARY|[^ ]*ERROR|artifact_prefix)' "$log" | head -20
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
