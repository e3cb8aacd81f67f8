# Sourced by the shell suites that run the daemon as users do (robustness,
# metrics): a work directory removed at exit with the daemon, ok and bad
# counts, and start and stop. Set `daemon` (the binary) and `suite` (the
# name its messages carry) first.
#   . tests/daemon.sh; start --flags...; ...; stop "what"
work=$(mktemp -d)
pid=""
passed=0
failed=0
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; fi; rm -rf "$work"' EXIT

ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# Starts the daemon on a free loopback port with extra flags; sets pid and
# port. The file is emptied here, not only by the daemon's redirection:
# that happens in the child, which a loaded machine may run after this
# shell has read the previous daemon's port from it (a slow-read round
# once probed a closed port 20 times).
start() {
	: >"$work/stderr"
	"$daemon" --port 0 --bind 127.0.0.1 --log-format off "$@" \
		>/dev/null 2>"$work/stderr" &
	pid=$!
	port=""
	for _ in $(seq 50); do
		port=$(sed -n 's/.* port \([0-9]*\),.*/\1/p' "$work/stderr")
		[ -n "$port" ] && return 0
		sleep 0.1
	done
	echo "$suite: the daemon did not start" >&2
	cat "$work/stderr" >&2
	exit 1
}

# Stops the daemon with SIGTERM: ok when it exits 0.
stop() {
	kill -TERM "$pid"
	wait "$pid"
	status=$?
	pid=""
	[ "$status" -eq 0 ] && ok "$1: exits 0 on SIGTERM" ||
		bad "$1: exit status $status"
}
