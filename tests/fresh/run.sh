#!/bin/sh
# The README's run command as a new user meets it: on a fresh Debian 12
# root (mmdebstrap minbase), `./scripts/install-deps build && make run` from
# the committed tree must serve within 60 s and add under 300 MiB to /usr.
# Prints what it measured, then "N passed, M failed". Needs root and
# Debian's archive, as install-deps does.
#   tests/fresh/run.sh
set -u
work=$(mktemp -d)
log="$work/log"
trap 'rm -rf "$work"' EXIT
. tests/check.sh

copy_tree "$work/src"

# In the root: /usr before, the run command in the background, polled with
# the daemon's own health check for up to 60 s, /usr after.
cat >"$work/try.sh" <<'TRY'
cd /opt/src || exit 1
echo "usr-before $(du -sm /usr | cut -f1)"
start=$(date +%s)
# its own process group, so that it is stopped as a whole (minbase has no
# pkill) and nothing else is touched
setsid sh -c "./scripts/install-deps build && make run ARGS='--port 18099 --log-format off'" \
	>/tmp/run.log 2>&1 &
group=$!
while [ $(($(date +%s) - start)) -lt 60 ]; do
	if [ -x build/wsaerrd ] && build/wsaerrd --healthcheck http://127.0.0.1:18099/ 2>/dev/null; then
		echo "serving-after $(($(date +%s) - start))"
		break
	fi
	sleep 0.5
done
kill -TERM "-$group" 2>/dev/null
wait
echo "usr-after $(du -sm /usr | cut -f1)"
tail -5 /tmp/run.log
TRY
mmdebstrap --mode=root --variant=minbase \
	--customize-hook="copy-in $work/src $work/try.sh /opt" \
	--customize-hook='chroot "$1" sh /opt/try.sh' \
	bookworm "$work/root.tar" >"$log" 2>&1
check "mmdebstrap: a fresh Debian 12 root running the run command" $?
before=$(sed -n 's/^usr-before //p' "$log")
after=$(sed -n 's/^usr-after //p' "$log")
secs=$(sed -n 's/^serving-after //p' "$log")
echo "fresh: /usr ${before:-?} MiB -> ${after:-?} MiB; serving after ${secs:-no answer in 60} s"
[ -n "$secs" ]
check "it serves within 60 s" $?
[ -n "$before" ] && [ -n "$after" ] && [ $((after - before)) -lt 300 ]
check "it adds under 300 MiB to /usr" $?
summary fresh
