#!/usr/bin/env python3
"""Prints localized noise lines for tests/search/localized.tsv: what real
programs on Debian 12 print in other languages about connections, hosts and
sockets without naming a socket error. Each is the program's own translation
(its .mo catalog, as installed here), with its placeholders filled in as the
program fills them; the source column names the package, the catalog and the
msgid. Run on a Debian 12 machine after scripts/install-deps test."""
import gettext
import os

# (package, msgid, the values its placeholders get)
MESSAGES = [
    ("apt", "Connecting to %s (%s)", ("deb.debian.org", "151.101.2.132")),
    ("apt", "Connected to %s (%s)", ("deb.debian.org", "151.101.2.132")),
    ("wget", "Connecting to %s:%d... ", ("deb.debian.org", 443)),
    ("glib20", "Connection in progress", ()),
    ("glib20", "Waiting for socket condition: %s", ("G_IO_IN",)),
    ("git", "Checking connectivity", ()),
    ("git", "Server supports %s", ("filter",)),
    ("libc", "Reloading \"%s\" in hosts cache!", ("example.org",)),
    ("gnupg2", "connect to the dirmngr", ()),
    ("systemd", "Reload network settings", ()),
]
LANGS = ["de", "ru", "zh_CN", "ja", "fr", "es", "pt_BR", "pl", "it", "ko",
         "zh_TW", "nl", "tr", "cs"]


def tag(lang):
    return lang.replace("_", "-")


for lang in LANGS:
    for pkg, msgid, args in MESSAGES:
        path = f"/usr/share/locale/{lang}/LC_MESSAGES/{pkg}.mo"
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            text = gettext.GNUTranslations(f)._catalog.get(msgid)
        if not text or text == msgid:
            continue
        try:
            line = (text % args) if args else text
        except (TypeError, ValueError):
            continue
        line = line.replace("\t", " ").replace("\n", " ").strip()
        print(f"-\t{tag(lang)}\tDebian 12 {pkg} catalog "
              f"{path} msgid \"{msgid.strip()}\"\t{line}")
