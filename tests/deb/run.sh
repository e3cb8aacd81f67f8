#!/bin/sh
# The Debian package: built from the committed tree with
# dpkg-buildpackage -us -uc -b, held to lintian (no error or warning, even
# pedantic), then installed with apt on a fresh Debian 12 root made by
# mmdebstrap, where wsaerr and wsaerrd must run. Prints "N passed, M failed".
# Needs network access to Debian's archive, as install-deps does.
#   tests/deb/run.sh
set -u
work=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$work" "$log"' EXIT
. tests/check.sh

# dpkg-buildpackage writes beside the tree: build a copy, in $work/src
copy_tree "$work/src"
(cd "$work/src" && dpkg-buildpackage -us -uc -b) >"$log" 2>&1
check "dpkg-buildpackage -us -uc -b" $?
deb=$(ls "$work"/wsaerr_*_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] >"$log" 2>&1
check "it made the package" $?
[ -n "$deb" ] || { summary deb; exit 1; }
echo "deb: $(basename "$deb"), $(du -k "$deb" | cut -f1) KiB"

lintian --fail-on error,warning --pedantic "$deb" >"$log" 2>&1
check "lintian --pedantic finds no error or warning" $?

mmdebstrap --mode=root --variant=apt \
	--customize-hook="copy-in $deb /tmp" \
	--customize-hook='chroot "$1" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q /tmp/'"$(basename "$deb")" \
	--customize-hook='chroot "$1" wsaerr 10061' \
	--customize-hook='chroot "$1" wsaerrd --version' \
	--customize-hook='test -f "$1/usr/lib/systemd/system/wsaerrd.service" && echo unit-installed' \
	--customize-hook='test -e "$1/etc/systemd/system/multi-user.target.wants/wsaerrd.service" || echo unit-not-enabled' \
	bookworm "$work/root" >"$log" 2>&1
check "mmdebstrap: a fresh Debian 12 root with the package" $?
grep -q '^WSAECONNREFUSED (10061, 0x274D): Connection refused\.$' "$log"
check "wsaerr 10061 runs there" $?
grep -q '^wsaerrd [0-9]' "$log"
check "wsaerrd --version runs there" $?
grep -q '^unit-installed$' "$log" && grep -q '^unit-not-enabled$' "$log"
check "the service is installed, not enabled" $?

summary deb
