#!/usr/bin/env python3
"""bench-http: wsaerrd beside nginx serving the same bytes, and beside the
bare libmicrohttpd floor, measured in the same run on loopback.

    bench/compare.py BUILD_DIR [--seconds S] [--rounds N] [--out FILE]
                               [--case NAME]...

wsaerrd runs as a user runs it: default JSON access log, stdout to
/dev/null. nginx (Debian's nginx-light) serves, as static files, the very
bytes wsaerrd answers each case with: worker_processes = cores,
keep-alive, access_log /dev/null. The floor (bench/floor.c) answers one
fixed body the size of a lookup. Every case runs at 1, 64 and 256
connections with wrk, the servers alternating, for at least 3 rounds; the
ratios are medians of same-round ratios. Then: start-up time to the first
200, RSS idle and with 1000 open connections, server CPU per request, and
bench-lib. Every run is bounded in time; nothing leaves loopback.
--case runs only the cases named (an A/B of one change), and then none of
the figures after the table.
"""
import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONNS = (1, 64, 256)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), 0.2):
                return
        except OSError:
            time.sleep(0.01)
    sys.exit(f"bench-http: nothing listens on {port}")


def fetch(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def cpu_ticks(pid):
    """The user + system time of pid and of its children (nginx's workers)
    in clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime + stime
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            children = [int(c) for c in f.read().split()]
    except OSError:
        children = []
    return ticks + sum(cpu_ticks(c) for c in children)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def to_us(text):
    for unit, scale in (("us", 1), ("ms", 1000), ("s", 1000000)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * scale
    return float(text)


def wrk(url, conns, seconds, script=None, header=None):
    threads = 1 if conns == 1 else 2
    cmd = ["wrk", f"-t{threads}", f"-c{conns}", f"-d{seconds}s", "--latency",
           "--timeout", "5s"]
    if script:
        cmd += ["-s", script]
    if header:
        cmd += ["-H", header]
    out = subprocess.run(cmd + [url], capture_output=True, text=True,
                         timeout=seconds + 30).stdout
    rps = p50 = p99 = 0.0
    errors = 0
    for line in out.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec:"):
            rps = float(parts[1])
        elif len(parts) == 2 and parts[0] == "50%":
            p50 = to_us(parts[1])
        elif len(parts) == 2 and parts[0] == "99%":
            p99 = to_us(parts[1])
        elif "Non-2xx or 3xx" in line:
            errors = 0  # 404 is a case of its own: expected
        elif line.strip().startswith("Socket errors"):
            errors = sum(int(x.strip(",")) for x in parts[2::2])
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors}


def h2load(url, conns, seconds, header=None):
    """The 304 case: wrk's parser waits for the body a 304's
    Content-Length (the 200's, as RFC 9110 8.6 allows) announces; h2load
    knows a 304 has none. It gives no percentiles: p50 and p99 stay 0."""
    threads = 1 if conns == 1 else 2
    cmd = ["h2load", "--h1", f"-t{threads}", f"-c{conns}", f"-D{seconds}"]
    if header:
        cmd += ["-H", header]
    out = subprocess.run(cmd + [url], capture_output=True, text=True,
                         timeout=seconds + 30).stdout
    rps = 0.0
    for line in out.splitlines():
        if line.startswith("finished in"):
            rps = float(line.split(",")[1].split()[0])
    return {"rps": rps, "p50": 0.0, "p99": 0.0, "errors": 0}


NGINX_CONF = """
worker_processes {workers};
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log crit;
events {{ worker_connections 4096; }}
http {{
    access_log /dev/null;
    client_body_temp_path {dir}/tmp;
    proxy_temp_path {dir}/tmp;
    fastcgi_temp_path {dir}/tmp;
    uwsgi_temp_path {dir}/tmp;
    scgi_temp_path {dir}/tmp;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    open_file_cache max=1000 inactive=60s;
    etag on;
    types {{ }}
    default_type application/json;
    server {{
        listen 127.0.0.1:{port};
        root {dir}/www;
        error_page 404 /404.json;
        location = /404.json {{ internal; }}
    }}
}}
"""


class Servers:
    def __init__(self, build, tmp):
        self.procs = []
        self.tmp = tmp
        self.build = build

    def start_wsaerrd(self, port, extra=()):
        p = subprocess.Popen([f"{self.build}/wsaerrd", "--port", str(port),
                              "--bind", "127.0.0.1", *extra],
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        self.procs.append(p)
        wait_port(port)
        return p

    def start_nginx(self, port):
        conf = f"{self.tmp}/nginx.conf"
        os.makedirs(f"{self.tmp}/tmp", exist_ok=True)
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(workers=os.cpu_count(), dir=self.tmp,
                                      port=port))
        p = subprocess.Popen(["nginx", "-c", conf, "-p", self.tmp],
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        self.procs.append(p)
        wait_port(port)
        return p

    def start_floor(self, port, size, size404):
        p = subprocess.Popen([f"{self.build}/floor", str(port), str(size),
                              str(os.cpu_count()), str(size404)],
                             stdout=subprocess.DEVNULL)
        self.procs.append(p)
        wait_port(port)
        return p

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()


def loglines():
    lines = []
    with open(f"{ROOT}/tests/search/loglines.tsv") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3:
                lines.append(parts[2])
    return lines


LUA = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local i = 0
local n = 0
local letters = "abcdefghijklmnopqrstuvwxyz"
-- each request a query never asked before: a word no code has, spelled
-- from a counter, so the answer cache cannot help and search runs
local function word(k)
  local w = ""
  repeat
    local d = k %% 26
    w = w .. letters:sub(d + 1, d + 1)
    k = (k - d) / 26
  until k == 0
  return w
end
math.randomseed(os.time())
local base = math.random(1, 1000000)
-- wrk's threads start in the same second, so with the same base: each
-- gets a number of its own from setup(), or two would ask the same
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
request = function()
  i = i %% #paths + 1
  n = n + 1
  local path = paths[i]
  if %s then
    path = path .. "+qq" .. word(((id or 0) * 1000000 + base) * 1000000 + n)
  end
  return wrk.format("GET", path)
end
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--seconds", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", default=None)
    ap.add_argument("--case", action="append", default=[],
                    help="run only this case (repeatable), e.g. 'full list'")
    args = ap.parse_args()
    for tool in ("wrk", "h2load", "nginx"):
        if not shutil.which(tool):
            sys.exit(f"bench-http: {tool} is missing: run scripts/install-deps")
    tmp = tempfile.mkdtemp(prefix="wsaerr-bench-")
    os.chmod(tmp, 0o755)  # nginx's workers (nobody, under root) read it
    servers = Servers(args.build, tmp)
    report = []

    def say(line=""):
        print(line, flush=True)
        report.append(line)

    try:
        run(args, tmp, servers, say)
    finally:
        servers.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    if args.out:
        with open(args.out, "w") as f:
            f.write("\n".join(report) + "\n")


def run(args, tmp, servers, say):
    pw, pn, pf = free_port(), free_port(), free_port()
    w = servers.start_wsaerrd(pw)
    base_w = f"http://127.0.0.1:{pw}"
    www = f"{tmp}/www"
    os.makedirs(www)

    # the bytes each case answers with, for nginx to serve as files
    cases = [
        ("lookup by number", "/codes/10061", "n10061"),
        ("lookup by name", "/codes/WSAECONNRESET", "nreset"),
        ("lookup by hex", "/codes/0x2746", "hex2746"),
        ("404", "/codes/WSAEFOO", None),
        ("304", "/codes/10061", "n10061"),
        ("full list", "/codes", "list"),
        ("repeated search", "/codes?q=connection+reset", "search"),
    ]
    sizes = {}
    for name, path, file in cases:
        status, headers, body = fetch(base_w + path)
        if file:
            with open(f"{www}/{file}", "wb") as f:
                f.write(body)
        else:
            with open(f"{www}/404.json", "wb") as f:
                f.write(body)
        sizes[name] = len(body)
    etag_w = fetch(base_w + "/codes/10061")[1]["ETag"]

    # distinct log lines: the paths, and a file of their mean answer size
    paths = [
        "/codes?q=" + urllib.parse.quote_plus(line) for line in loglines()
    ]
    with open(f"{tmp}/paths.txt", "w") as f:
        f.write("\n".join(paths) + "\n")
    total = sum(len(fetch(base_w + p)[2]) for p in paths)
    mean = total // len(paths)
    with open(f"{www}/samesize", "wb") as f:
        f.write(b"x" * mean)
    sizes["distinct log lines"] = mean
    lua_distinct = f"{tmp}/distinct.lua"
    with open(lua_distinct, "w") as f:
        f.write(LUA % (f"{tmp}/paths.txt", "true"))

    nginx = servers.start_nginx(pn)
    base_n = f"http://127.0.0.1:{pn}"
    got = fetch(base_n + "/n10061")
    if "ETag" not in got[1]:
        sys.exit(f"bench-http: nginx answers {got[0]} {got[2][:200]!r}")
    etag_n = got[1]["ETag"]
    floor = servers.start_floor(pf, sizes["lookup by number"],
                                sizes["404"])
    base_f = f"http://127.0.0.1:{pf}"

    plan = []  # (case, conns, [(server, url, script, header)])
    for name, path, file in cases:
        npath = f"/{file}" if file else "/nope"
        hw = hn = None
        if name == "304":
            hw, hn = f"If-None-Match: {etag_w}", f"If-None-Match: {etag_n}"
        runs = [("wsaerrd", base_w + path, None, hw),
                ("nginx", base_n + npath, None, hn)]
        if name.startswith("lookup"):
            runs.append(("floor", base_f + "/", None, None))
        elif name == "404":  # a 404 with a body of the same size
            runs.append(("floor", base_f + "/404", None, None))
        elif name == "304":  # a 304 with the same Content-Length
            runs.append(("floor", base_f + "/", None, 'If-None-Match: "f"'))
        plan.append((name, runs))
    plan.append(("distinct log lines",
                 [("wsaerrd", base_w + "/", lua_distinct, None),
                  ("nginx", base_n + "/samesize", None, None)]))

    if args.case:
        unknown = set(args.case) - {name for name, _ in plan}
        if unknown:
            sys.exit(f"bench-http: no case {', '.join(sorted(unknown))}; "
                     f"the cases: {', '.join(name for name, _ in plan)}")
        plan = [(name, runs) for name, runs in plan if name in args.case]

    results = {}  # (case, conns, server) -> [run per round]
    cpu = {}      # (case, server) -> [us per request], at 64
    pids = {"wsaerrd": w.pid, "nginx": nginx.pid, "floor": floor.pid}
    for rnd in range(args.rounds):
        for name, runs in plan:
            # a second of each, not counted: the first run after another
            # case pays for what that case left (caches, the heap)
            for server, url, script, header in runs:
                if name == "304":
                    h2load(url, 64, 1, header)
                else:
                    wrk(url, 64, 1, script, header)
            for conns in CONNS:
                order = runs if rnd % 2 == 0 else list(reversed(runs))
                for server, url, script, header in order:
                    t0 = cpu_ticks(pids[server])
                    if name == "304":
                        r = h2load(url, conns, args.seconds, header)
                    else:
                        r = wrk(url, conns, args.seconds, script, header)
                    if conns == 64 and r["rps"]:
                        ticks = cpu_ticks(pids[server]) - t0
                        us = ticks / os.sysconf("SC_CLK_TCK") * 1e6
                        cpu.setdefault((name, server), []).append(
                            us / (r["rps"] * args.seconds))
                    results.setdefault((name, conns, server), []).append(r)
        print(f"round {rnd + 1} of {args.rounds} done", file=sys.stderr,
              flush=True)

    def med(values):
        return statistics.median(values) if values else 0.0

    def us(v):
        return f"{v:.0f}" if v else "–"

    def ratio(name, conns, a, b):
        ra = results.get((name, conns, a))
        rb = results.get((name, conns, b))
        if not ra or not rb:
            return None
        return med([x["rps"] / y["rps"] for x, y in zip(ra, rb) if y["rps"]])

    say(f"# wsaerrd beside nginx {nginx_version()} and the floor")
    say()
    say(f"Machine: {os.cpu_count()} cores, {machine()}; loopback; "
        f"wrk {args.seconds} s a run, {args.rounds} rounds, servers "
        "alternating. wsaerrd with its default JSON access log to "
        "/dev/null; nginx with access_log /dev/null.")
    say()
    say("| case | bytes | conns | wsaerrd req/s | p50 µs | p99 µs | "
        "nginx req/s | nginx p99 µs | floor p99 µs | ÷ nginx | ÷ floor |")
    say("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, runs in plan:
        for conns in CONNS:
            rw = results[(name, conns, "wsaerrd")]
            rn = results[(name, conns, "nginx")]
            rf = results.get((name, conns, "floor"), [])
            vs_n = ratio(name, conns, "wsaerrd", "nginx")
            vs_f = ratio(name, conns, "wsaerrd", "floor")
            say(f"| {name} | {sizes[name]} | {conns} | "
                f"{med([x['rps'] for x in rw]):,.0f} | "
                f"{us(med([x['p50'] for x in rw]))} | "
                f"{us(med([x['p99'] for x in rw]))} | "
                f"{med([x['rps'] for x in rn]):,.0f} | "
                f"{us(med([x['p99'] for x in rn]))} | "
                f"{us(med([x['p99'] for x in rf]))} | "
                f"{vs_n:.2f} | " + (f"{vs_f:.2f} |" if vs_f else "– |"))
    say()
    say("The 304 case runs under h2load, the others under wrk: wrk waits "
        "for the body a 304's Content-Length announces. h2load gives no "
        "percentiles.")
    say()
    say("Server CPU per request at 64 connections: the server's user + "
        "system time (nginx's with its workers') over the requests it "
        "answered, in µs, median of the rounds:")
    say()
    say("| case | wsaerrd | nginx | floor |")
    say("|---|---:|---:|---:|")
    for name, _ in plan:
        cells = [cpu.get((name, server)) for server in pids]
        say(f"| {name} | " + " | ".join(f"{med(c):.1f}" if c else "–"
                                         for c in cells) + " |")
    say()
    if not args.case:
        batch(args, base_w, say)
        extras(args, servers, say)


BATCH_KEYS = ("10060,10061,0x2746,WSAEACCES,10048,10049,10050,10051,10052,"
              "10053,10055,10057,10064,10065,11001,11002,11004,995,10013,"
              "10022")


def batch(args, base_w, say):
    """20 keys in one request against 20 single lookups: codes a second,
    at 64 connections, alternating, the same rounds."""
    one, many = [], []
    for rnd in range(args.rounds):
        runs = [("one", base_w + "/codes/10061"),
                ("many", base_w + "/codes?keys=" + BATCH_KEYS)]
        for kind, url in (runs if rnd % 2 == 0 else runs[::-1]):
            r = wrk(url, 64, args.seconds)
            (one if kind == "one" else many).append(r["rps"])
    codes_one = statistics.median(one)
    codes_many = statistics.median(many) * 20
    say(f"Many codes in one round trip, 64 connections: 20 keys a request "
        f"{statistics.median(many):,.0f} req/s = {codes_many:,.0f} codes/s; "
        f"one key a request {codes_one:,.0f} codes/s; "
        f"{codes_many / codes_one:.1f}x the codes a second.")
    say()


def nginx_version():
    out = subprocess.run(["nginx", "-v"], capture_output=True, text=True)
    return out.stderr.strip().split("/")[-1]


def machine():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def extras(args, servers, say):
    # start-up: from exec to the first 200, five times
    times = []
    for _ in range(5):
        port = free_port()
        t0 = time.monotonic()
        p = subprocess.Popen([f"{args.build}/wsaerrd", "--port", str(port),
                              "--bind", "127.0.0.1"],
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), 0.5) as s:
                    s.sendall(b"GET /livez HTTP/1.1\r\nHost: a\r\n"
                              b"Connection: close\r\n\r\n")
                    if s.recv(64).startswith(b"HTTP/1.1 200"):
                        break
            except OSError:
                time.sleep(0.0005)
            if time.monotonic() - t0 > 10:
                break
        times.append((time.monotonic() - t0) * 1000)
        p.send_signal(signal.SIGTERM)
        p.wait(15)
    say(f"Start-up to the first 200: median {statistics.median(times):.1f} ms "
        f"(of 5; exec, render every code, listen, answer /livez).")

    # memory: idle, then with 1000 open connections that each made one
    # request and wait (keep-alive)
    port = free_port()
    p = servers.start_wsaerrd(port)
    fetch(f"http://127.0.0.1:{port}/codes/10061")
    time.sleep(0.3)
    idle = rss_kib(p.pid)
    socks = []
    try:
        for _ in range(1000):
            s = socket.create_connection(("127.0.0.1", port), 5)
            s.sendall(b"GET /codes/10061 HTTP/1.1\r\nHost: a\r\n\r\n")
            socks.append(s)
        for s in socks:
            s.recv(65536)
        time.sleep(0.5)
        busy = rss_kib(p.pid)
    finally:
        for s in socks:
            s.close()
    say(f"RSS: {idle} KiB idle; {busy} KiB with 1000 open keep-alive "
        f"connections: {(busy - idle) / 1000:.1f} KiB per connection.")
    say()
    out = subprocess.run([f"{args.build}/bench-lib"], capture_output=True,
                         text=True, timeout=300).stdout
    say("bench-lib:")
    say()
    say("```")
    for line in out.strip().splitlines():
        say(line)
    say("```")


if __name__ == "__main__":
    main()
