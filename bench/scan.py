#!/usr/bin/env python3
"""wsaerr scan beside grep and wc on one log: make bench-scan.

    bench/scan.py BUILD [MIB]

The log (BUILD/scan-bench.log, at least MIB MiB, 256 by default) is the
negative corpus (tests/search/negative.tsv: real lines that name no socket
error) over and over, with one line in a hundred taken from the evaluation
sets' lines that name a code (loglines.tsv, localized.tsv). On that file,
in the same run, each timed three times and the best kept:
  - wsaerr scan, its findings read from a pipe (one thread);
  - GNU grep -c -F -i -f with the 97 English system messages as patterns:
    grep finds only those exact phrases;
  - wc -l, the floor of reading the file.
Prints MiB/s of each and the ratio to grep (issue 24's target: 0.5x), and
the scan's peak RSS.
"""
import json
import os
import random
import resource
import subprocess
import sys
import time


def lines(path, positive):
    for line in open(path, encoding="utf-8"):
        if line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) == 3 and (f[0] != "-") == positive:
            yield f[2]


def make_log(path, want):
    if os.path.exists(path) and os.path.getsize(path) >= want:
        return
    neg = list(lines("tests/search/negative.tsv", False))
    pos = list(lines("tests/search/loglines.tsv", True)) + \
        list(lines("tests/search/localized.tsv", True))
    rnd = random.Random(24)
    n = 0
    with open(path + ".tmp", "w", encoding="utf-8") as out:
        while n < want:
            for line in neg:
                if rnd.random() < 0.01:
                    line = rnd.choice(pos)
                out.write(line + "\n")
                n += len(line.encode()) + 1
                if n >= want:
                    break
    os.replace(path + ".tmp", path)


def best(cmd, ok=(0, 1)):
    # the output into a pipe, read: GNU grep stops at its first match when
    # it writes to /dev/null
    times = []
    for _ in range(3):
        t0 = time.monotonic()
        p = subprocess.run(cmd, stdout=subprocess.PIPE)
        times.append(time.monotonic() - t0)
        if p.returncode not in ok:
            sys.exit(f"{cmd[0]} exited {p.returncode}")
    return min(times)


def main():
    build = sys.argv[1]
    mib = int(sys.argv[2]) if len(sys.argv) > 2 else 256
    log = os.path.join(build, "scan-bench.log")
    patterns = os.path.join(build, "scan-bench.patterns")
    make_log(log, mib * 1024 * 1024)
    with open(patterns, "w", encoding="utf-8") as out:
        for line in open("data/codes.txt", encoding="utf-8"):
            if line.startswith("system: "):
                out.write(line[len("system: "):])
    size = os.path.getsize(log)
    env = dict(os.environ, LC_ALL="C.UTF-8")
    t_scan = best([f"{build}/wsaerr", "scan", log])
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run([f"{build}/wsaerr", "scan", "--json", log],
                         capture_output=True, text=True).stdout
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    found = sum(x["count"] for x in json.loads(out.splitlines()[-1])["summary"])
    t_grep = best(["grep", "-c", "-F", "-i", "-f", patterns, log])
    grepped = subprocess.run(["grep", "-c", "-F", "-i", "-f", patterns, log],
                             capture_output=True, text=True,
                             env=env).stdout.strip()
    t_wc = best(["wc", "-l", log])
    mb = size / 1048576
    print(f"scan bench: {mb:.0f} MiB, {out.count(chr(10)) - 1} lines found "
          f"of the log's; every time the best of 3")
    print(f"  wsaerr scan  {mb / t_scan:7.1f} MiB/s  ({t_scan:.2f} s; "
          f"{found} lines found; peak RSS {max(rss, before) / 1024:.1f} MiB)")
    print(f"  grep -F -i   {mb / t_grep:7.1f} MiB/s  ({t_grep:.2f} s; "
          f"{grepped} lines, the exact English phrases only)")
    print(f"  wc -l        {mb / t_wc:7.1f} MiB/s  ({t_wc:.2f} s)")
    print(f"  ratio to grep: {t_grep / t_scan:.2f}x (target 0.5x)")


if __name__ == "__main__":
    main()
