#!/bin/sh
# Collects the negative corpus, tests/search/negative.tsv: real log lines of
# ordinary programs that name no socket error, for the precision figure of
# make eval-search ("false answers on lines that name no error").
#
#   tests/search/collect-negative.sh build > tests/search/negative.tsv.new
#
# Every line is the real output of a program, run on a Debian 12 machine
# of this project (after scripts/install-deps test): the package manager's
# logs, the kernel's, nginx serving a small site, podman, Chromium,
# valgrind, strace, gcc and make, Criterion, ab, Python, and wsaerrd's own
# access log. It is not run by make test: the corpus is committed, and this
# says how it was made, so that it can be made again and grown.
#
# Columns: program, origin (the file or command), line. Lines that name a
# socket error (a socket phrase, an errno or Winsock name, "getaddrinfo")
# are left out here and reviewed by hand: the ones about a socket error
# belong to the positives (tests/search/positives.tsv), the others were
# put back as traps. Tabs and control bytes are dropped from lines;
# repeated lines are kept once.
set -u
build=${1:?usage: collect-negative.sh BUILD_DIR}
work=$(mktemp -d)
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null; rm -rf "$work"' EXIT

emit() { # PROGRAM ORIGIN < lines
	tr -d '\r' | tr '\t' ' ' | LC_ALL=C sed 's/[[:cntrl:]]//g' |
		awk -v p="$1" -v o="$2" 'length($0) > 0 && !seen[$0]++ {
			print p "\t" o "\t" $0 }'
}

# the package manager, as it installed this project's tools
emit dpkg /var/log/dpkg.log </var/log/dpkg.log
emit apt /var/log/apt/term.log </var/log/apt/term.log
emit apt /var/log/apt/history.log </var/log/apt/history.log
emit update-alternatives /var/log/alternatives.log </var/log/alternatives.log
dmesg 2>/dev/null | emit kernel dmesg

# nginx serving a small site: its access and error logs
mkdir -p "$work/www/docs" "$work/nginx"
echo ok >"$work/www/index.html"
cp README.md "$work/www/docs/readme.txt"
cat >"$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/nginx/error.log info;
events {}
http {
	access_log $work/nginx/access.log;
	client_body_temp_path $work/nginx;
	server {
		listen 127.0.0.1:18099;
		root $work/www;
		location /private/ { deny all; }
	}
}
CONF
nginx -c "$work/nginx.conf" 2>/dev/null
for path in / /docs/readme.txt /missing /private/x /docs/ /index.html?a=1 \
	/favicon.ico /robots.txt /wp-login.php /.env /api/v1/users/10035 \
	'/search?q=blocked' '/status?pid=2227' /docs/readme.txt; do
	for agent in curl/7.88.1 'Mozilla/5.0 (X11; Linux x86_64)' \
		'Go-http-client/1.1' 'python-requests/2.28.1'; do
		curl -s -o /dev/null -A "$agent" "http://127.0.0.1:18099$path"
		curl -s -o /dev/null -I -A "$agent" "http://127.0.0.1:18099$path"
	done
done
ab -q -n 200 -c 4 http://127.0.0.1:18099/ 2>&1 | emit ab "ab -n 200 -c 4"
nginx -c "$work/nginx.conf" -s quit 2>/dev/null
sleep 1
emit nginx access.log <"$work/nginx/access.log"
emit nginx error.log <"$work/nginx/error.log"

# podman describing itself, with its debug log
podman --log-level=debug info 2>&1 | emit podman "podman --log-level=debug info"
podman --log-level=debug images 2>&1 | emit podman "podman --log-level=debug images"

# Chromium rendering a local page, with its log on stderr
chromium --headless --no-sandbox --disable-gpu --no-first-run \
	--disable-background-networking --disable-component-update \
	--disable-sync --user-data-dir="$work/chrome" --enable-logging=stderr \
	--v=1 --dump-dom "file://$work/www/index.html" 2>&1 >/dev/null |
	emit chromium "chromium --headless --enable-logging=stderr --v=1"

# valgrind and strace on ordinary commands
valgrind -v ls -la /usr/share/doc/dpkg 2>&1 >/dev/null |
	emit valgrind "valgrind -v ls -la /usr/share/doc/dpkg"
strace -f -o "$work/strace" sh -c 'ls -la /etc >/dev/null; date; id' \
	>/dev/null 2>&1
emit strace "strace -f sh -c 'ls -la /etc; date; id'" <"$work/strace"
strace -f -o "$work/strace-py" python3 -c 'import json, email.parser' \
	>/dev/null 2>&1
emit strace "strace -f python3 -c 'import json, email.parser'" \
	<"$work/strace-py"

# gcc and make building this project from scratch, and its unit tests
make -B BUILD="$work/b" all 2>&1 | emit make "make -B all"
(cd tests && "../$build/test-unit" --verbose --jobs 1 2>&1) |
	emit criterion "test-unit --verbose"

# Python's import log
python3 -X importtime -c 'import json, http.client, email.parser' 2>&1 |
	emit python3 "python3 -X importtime"
python3 -v -c 'import json, http.client' 2>&1 | emit python3 "python3 -v"

# wsaerrd's own access log and events, for requests that name no code
"$build/wsaerrd" --port 18098 --bind 127.0.0.1 --log-format json \
	>"$work/access.jsonl" 2>"$work/wsaerrd.err" &
echo $! >"$work/wsaerrd.pid"
sleep 1
for path in /livez /healthz /readyz /metrics /openapi.yaml / \
	/assets/app.js /assets/app.css /assets/icon.svg /nothing \
	'/codes?category=qos' '/codes?limit=5&offset=10'; do
	curl -s -o /dev/null "http://127.0.0.1:18098$path"
	curl -s -o /dev/null -H 'Accept: text/html' "http://127.0.0.1:18098$path"
done
kill "$(cat "$work/wsaerrd.pid")" && sleep 1
emit wsaerrd "access log (json)" <"$work/access.jsonl"
emit wsaerrd stderr <"$work/wsaerrd.err"
