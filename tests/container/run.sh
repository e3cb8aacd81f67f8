#!/bin/sh
# The container image, for real, with podman: builds the Dockerfile (base
# images made by scripts/base-images when missing), runs it read-only with
# every capability dropped as its own numeric user, queries a lookup, a
# search and /metrics through the published port, runs its HEALTHCHECK,
# stops it and reads the drain in its log. Prints the image size and what
# it adds to debian:bookworm-slim, then "N passed, M failed".
#   tests/container/run.sh
# Needs root, podman and runc (scripts/install-deps test) and Debian's
# archive, as install-deps does.
set -u
work=$(mktemp -d)
log="$work/log"
image=localhost/wsaerr:test
name=wsaerr-test-$$

# podman may not raise rlimits in this sandbox: tell it not to try. crun
# fails on these machines' cgroups; runc runs.
if [ -z "${CONTAINERS_CONF:-}" ]; then
	printf '[containers]\ndefault_ulimits = []\n' >"$work/containers.conf"
	export CONTAINERS_CONF="$work/containers.conf"
fi
podman() { command podman --runtime "${PODMAN_RUNTIME:-runc}" "$@"; }
trap 'podman rm -f -t 0 "$name" >/dev/null 2>&1; rm -rf "$work"' EXIT

. tests/check.sh
done_() {
	summary container
	exit
}

scripts/base-images >"$log" 2>&1
check "the base images are there" $?
podman build --format docker --pull=never --isolation=chroot --network=host \
	-t "$image" . >"$log" 2>&1
check "podman build --format docker" $?
[ "$failed" -eq 0 ] || done_

size=$(podman image inspect "$image" --format '{{.Size}}')
base=$(podman image inspect docker.io/library/debian:bookworm-slim --format '{{.Size}}')
added=$((size - base))
echo "container: image $((size / 1000)) kB; debian:bookworm-slim $((base / 1000)) kB; the image adds $((added / 1000)) kB"
[ "$added" -lt 20000000 ] >"$log" 2>&1
check "it adds under 20 MB to debian:bookworm-slim" $?

podman image inspect "$image" --format \
	'{{.Config.User}}|{{json .Config.Entrypoint}}|{{.Config.StopSignal}}|{{json .Config.ExposedPorts}}|{{json .Config.Healthcheck.Test}}' >"$log" 2>&1
grep -q '^65532:65532|\["/usr/sbin/wsaerrd"\]|SIGTERM|{"8080/tcp":{}}|\["CMD","/usr/sbin/wsaerrd","--healthcheck"\]$' "$log"
check "numeric user, exec entrypoint, SIGTERM, 8080, HEALTHCHECK kept" $?
podman image inspect "$image" --format '{{json .Labels}}' >"$log" 2>&1
grep -q '"org.opencontainers.image.version":"[0-9]' "$log" &&
	grep -q '"org.opencontainers.image.source":"http' "$log" &&
	grep -q '"org.opencontainers.image.licenses":"MIT"' "$log"
check "OCI labels: version, source, licenses" $?

# the health check runs on demand here: podman's timer needs systemd
podman run -d --name "$name" -p 127.0.0.1::8080 --read-only \
	--cap-drop ALL --security-opt no-new-privileges \
	--health-interval disable "$image" >"$log" 2>&1
check "podman run --read-only --cap-drop ALL" $?
port=$(podman port "$name" 8080/tcp 2>/dev/null | sed -n '1s/.*://p')
[ -n "$port" ] || done_
url=http://127.0.0.1:$port
i=0
until curl -fsS -o /dev/null "$url/readyz" 2>/dev/null || [ $i -ge 50 ]; do
	sleep 0.1
	i=$((i + 1))
done

curl -sS "$url/codes/0x274D" >"$log" 2>&1
grep -q '"name":"WSAECONNREFUSED"' "$log"
check "a lookup through the published port" $?
curl -sS -G "$url/codes" --data-urlencode \
	'q=connect() to 10.0.0.5:443 failed: No connection could be made because the target machine actively refused it' \
	>"$log" 2>&1
grep -q '"items":\[{"code":10061,' "$log"
check "a search through the published port" $?
curl -sS "$url/metrics" >"$log" 2>&1
grep -q '^http_requests_total{method="GET",route="/codes/{key}",code="200"} 1$' "$log"
check "/metrics counts them" $?

podman exec "$name" sh -c 'id -u; grep ^CapEff /proc/1/status; touch /x 2>&1' >"$log" 2>&1
grep -q '^65532$' "$log" && grep -q '^CapEff:.*0000000000000000$' "$log" &&
	grep -q 'Read-only file system' "$log"
check "it runs as 65532, with no capability, on a read-only root" $?

podman healthcheck run "$name" >"$log" 2>&1
check "podman healthcheck run: healthy" $?

podman stop -t 15 "$name" >"$log" 2>&1
check "podman stop" $?
podman inspect "$name" --format '{{.State.ExitCode}}' >"$log" 2>&1
grep -qx 0 "$log"
check "it exits 0 on the STOPSIGNAL" $?
podman logs "$name" 2>/dev/null | tail -2 >"$log"
grep -q '"event":"draining","detail":"signal 15' "$log" &&
	tail -1 "$log" | grep -q '"event":"stopped"'
check "its log ends with the drain" $?
done_
