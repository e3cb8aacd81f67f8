#!/usr/bin/env python3
"""The reference for make eval-search: SQLite FTS5 on the same data.

Indexes each code's name, aliases, message, system message and description
(from data/codes.txt), and its localized system messages (data/localized.tsv,
beside it; FTS5's unicode61 tokenizer, diacritics removed) in an FTS5 table, queries it with the OR of each log
line's words, ranks by bm25(), and prints the same summary line as
eval-search for each set: top-1 and top-3 over the lines that mean a code,
and how many lines that mean none found anything.

    fts5_reference.py data/codes.txt SET.tsv...
"""
import re
import sqlite3
import sys


def records(path):
    rec = {}
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("#"):
            continue
        if not line:
            if rec:
                yield rec
            rec = {}
            continue
        key, _, value = line.partition(": ")
        if key == "posix_text":  # "glibc: text", up to three
            value = value.partition(": ")[2]
            rec[key] = (rec.get(key, "") + " " + value).strip()
        else:
            rec[key] = value
    if rec:
        yield rec


def evaluate(db, path):
    lines = top1 = top3 = noise = noisy = 0
    for row in open(path, encoding="utf-8"):
        row = row.rstrip("\n")
        if not row or row.startswith("#"):
            continue
        expected, source, text = row.split("\t", 2)
        words = re.findall(r"\w+", text)
        hits = []
        if words:
            query = " OR ".join('"%s"' % w for w in words)
            hits = [h[0] for h in db.execute(
                "select code from c where c match ? order by bm25(c)"
                " limit 3", (query,))]
        if expected == "-":
            noise += 1
            noisy += bool(hits)
            continue
        lines += 1
        # "10054@win32:64": the neighbour is wsaerr's to show; FTS5 is
        # scored on the code alone
        want = {int(x) for x in expected.split("@")[0].split("|")}
        top1 += bool(hits) and hits[0] in want
        top3 += bool(want & set(hits))
    out = []
    if lines:
        out.append("top-1 %d/%d (%.1f%%), top-3 %d/%d (%.1f%%)" % (
            top1, lines, 100.0 * top1 / lines, top3, lines,
            100.0 * top3 / lines))
    if noise:
        out.append("false answers %d/%d (%.2f%%)" % (
            noisy, noise, 100.0 * noisy / noise))
    print("fts5   %s: %s" % (path, ", ".join(out)))


def main():
    codes = sys.argv[1]
    db = sqlite3.connect(":memory:")
    db.execute(
        "create virtual table c using fts5(code unindexed, name, aliases,"
        " message, system, posix_text, description, localized,"
        " tokenize = 'unicode61 remove_diacritics 2')")
    localized = {}
    for row in open(codes.replace("codes.txt", "localized.tsv"),
                    encoding="utf-8"):
        cols = row.rstrip("\n").split("\t")
        if row.startswith("#") or cols[0] == "code":
            continue
        localized[int(cols[0])] = localized.get(int(cols[0]), "") + " " + \
            cols[3]
    for r in records(codes):
        if "code" not in r:  # a reference record of the hints
            continue
        posix = r.get("posix", "").split(" ")[0]
        aliases = " ".join(x for x in (posix, r.get("aliases", "")) if x)
        db.execute("insert into c values (?, ?, ?, ?, ?, ?, ?, ?)",
                   (int(r["code"]), r["name"], aliases, r["message"],
                    r["system"], r.get("posix_text", ""),
                    r["description"], localized.get(int(r["code"]), "")))
    for path in sys.argv[2:]:
        evaluate(db, path)


if __name__ == "__main__":
    main()
