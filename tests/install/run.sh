#!/bin/sh
# make install and make uninstall into a scratch DESTDIR, the man pages and
# the systemd unit. Prints "N passed, M failed".
#   tests/install/run.sh BUILD_DIR
set -u
build=${1:?usage: run.sh BUILD_DIR}
dest=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$dest" "$log"' EXIT
. tests/check.sh

make -s install DESTDIR="$dest" PREFIX=/usr BUILD="$build" >"$log" 2>&1
check "make install" $?
for f in usr/bin/wsaerr usr/sbin/wsaerrd usr/share/man/man1/wsaerr.1 \
	usr/share/man/man8/wsaerrd.8 usr/lib/systemd/system/wsaerrd.service; do
	[ -f "$dest/$f" ] >"$log" 2>&1
	check "installs /$f" $?
done
"$dest/usr/bin/wsaerr" 10061 >"$log" 2>&1 && grep -q '^WSAECONNREFUSED' "$log"
check "the installed CLI runs" $?
"$dest/usr/sbin/wsaerrd" --version >"$log" 2>&1 && grep -q '^wsaerrd ' "$log"
check "the installed daemon runs" $?
grep -q '^ExecStart=/usr/sbin/wsaerrd$' "$dest/usr/lib/systemd/system/wsaerrd.service" >"$log" 2>&1
check "the unit runs the installed daemon" $?

# the man pages: lint-clean (mandoc's warnings; its style notes about
# pages that are not installed on this machine are not the pages' fault),
# and rendered by man without a word on stderr
mandoc -T lint -W warning docs/wsaerr.1 docs/wsaerrd.8 >"$log" 2>&1
check "mandoc -T lint finds no warning" $?
{ man -l docs/wsaerr.1 && man -l docs/wsaerrd.8; } 2>"$log" >/dev/null &&
	[ ! -s "$log" ]
check "man -l renders them without warnings" $?

# true to --help: every flag and variable of each, in the other. In mdoc
# "--port" is written "Fl \-port": Fl adds one dash, the rest escaped.
mdoc_flag() {
	printf 'Fl %s' "$(printf '%s' "${1#-}" | sed 's/-/\\-/g')"
}
in_page() { # WORD PAGE
	case $1 in
	-*) grep -qF -- "$(mdoc_flag "$1")" "$2" ;;
	*) grep -qF -- "$1" "$2" ;;
	esac
}
help=$("$build/wsaerrd" --help)
for word in $(printf '%s\n' "$help" | grep -oE -- '--[a-z-]+|WSAERR_[A-Z_]+' | sort -u); do
	in_page "$word" docs/wsaerrd.8 >"$log" 2>&1
	check "wsaerrd.8 has $word from --help" $?
done
for word in $(grep -oE 'Fl \\-[a-z\\-]+|WSAERR_[A-Z_]+' docs/wsaerrd.8 |
	sed 's/^Fl /-/; s/\\//g' | sort -u); do
	printf '%s\n' "$help" | grep -q -- "$word" >"$log" 2>&1
	check "wsaerrd --help has $word from wsaerrd.8" $?
done
help=$("$build/wsaerr" --help)
for word in $(printf '%s\n' "$help" | grep -oE -- '(^|[ ,])-(-[a-z]+|[a-z])' | tr -d ' ,' | sort -u); do
	in_page "$word" docs/wsaerr.1 >"$log" 2>&1
	check "wsaerr.1 has $word from --help" $?
done

# the unit: verified, and rated at least "OK" by systemd-analyze security
if command -v systemd-analyze >/dev/null 2>&1; then
	unit="$dest/wsaerrd.service"
	sed "s|@SBINDIR@|$dest/usr/sbin|" docs/wsaerrd.service.in >"$unit"
	systemd-analyze verify --man=no "$unit" >"$log" 2>&1
	check "systemd-analyze verify" $?
	systemd-analyze security --offline=true "$unit" >"$log" 2>&1
	grep -E 'Overall exposure level.*(OK|SAFE)' "$log" | tail -1 | sed 's/^/install: /'
	grep -qE 'Overall exposure level.*(OK|SAFE)' "$log"
	check "systemd-analyze security rates it OK or better" $?
fi

make -s uninstall DESTDIR="$dest" PREFIX=/usr BUILD="$build" >"$log" 2>&1
check "make uninstall" $?
left=$(find "$dest/usr" -type f | wc -l)
[ "$left" -eq 0 ] >"$log" 2>&1 || find "$dest/usr" -type f >"$log"
check "uninstall leaves no file" $?

summary install
