# Sourced by the shell test scripts (install, deb, fresh, container): each
# check counts, and a failed one prints its name and the end of $log, where
# the script sent the output of what it checked.
#   . tests/check.sh; log=...; check "what" $?; summary NAME
# Run from the top of the tree.
passed=0
failed=0

check() { # NAME STATUS
	if [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $1" >&2
		tail -20 "$log" | sed 's/^/    /' >&2
	fi
}

copy_tree() { # DEST: the files git tracks, as the working tree has them
	mkdir -p "$1" && git ls-files -z | xargs -0 cp --parents -t "$1" >"$log" 2>&1
	check "copy the committed tree" $?
}

summary() { # NAME: prints "NAME: N passed, M failed"; true when none failed
	echo "$1: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
