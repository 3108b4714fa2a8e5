#!/usr/bin/env python3
"""Derive Lotse's occupation catalogue from the ESCO v1.1.1 CSV files.

Reads, from the folder given as the only argument (default
/work/shared/reference/esco), two files in the CSV layout of the
tabiya-open-dataset project (github.com/tabiya-tech/tabiya-open-dataset,
folder tabiya-esco-v1.1.1/csv/):

  occupations.csv   ORIGINURI, ISCOGROUPCODE, CODE, PREFERREDLABEL,
                    ALTLABELS (newline-separated) of the 3,007 occupations
  isco_groups.csv   CODE (1 to 4 digits) and PREFERREDLABEL of the ISCO-08
                    groups

Writes, relative to the repository root (found from this file's place):

  server/data/occupations.tsv   one line per occupation:
                                id (the UUID ending ORIGINURI), ESCO code,
                                4-digit ISCO-08 unit group, preferred label,
                                alternative labels joined with "|";
                                sorted by ESCO code, then id
  server/data/isco_groups.tsv   code and English label of every ISCO-08 group,
                                sorted by code

Both start with "#" comment lines naming the source and the licence; the
server embeds them (server/src/domain/occupation.rs) and skips those lines.

Labels are made safe for the format and for search: Unicode NFC, invisible
format characters (a zero-width space occurs in the source) removed, any run
of whitespace (tab, newline, no-break space) and the "|" separator turned
into one space, trimmed. An alternative label that is empty, repeats an
earlier one or the preferred label (ignoring case) is dropped.

Source and licence: ESCO (European Skills, Competences, Qualifications and
Occupations), European Commission, v1.1.1. ESCO is made available for reuse
free of charge with acknowledgement of the source (Commission Decision
2011/833/EU on the reuse of Commission documents).

Python 3 standard library only. Usage:

    python3 tools/esco/derive.py [/path/to/esco]
"""

import csv
import pathlib
import re
import sys
import unicodedata

DEFAULT_SOURCE = "/work/shared/reference/esco"
SOURCE = "ESCO, European Commission, v1.1.1"
LICENCE = (
    "reuse free of charge with acknowledgement of the source "
    "(Commission Decision 2011/833/EU)"
)
URI_PREFIX = "http://data.europa.eu/esco/occupation/"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ESCO_CODE = re.compile(r"[0-9]{4}(\.[0-9]+)+")
ISCO_CODE = re.compile(r"[0-9]{1,4}")
WHITESPACE = re.compile(r"\s+")

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "server" / "data"


class SourceError(Exception):
    """A row that does not look like the ESCO v1.1.1 layout this script knows."""


def clean(label):
    """One label as one plain line: no tabs, newlines, pipes or invisible characters."""
    label = unicodedata.normalize("NFC", label)
    label = "".join(c for c in label if unicodedata.category(c) != "Cf")
    label = label.replace("|", " ")
    return WHITESPACE.sub(" ", label).strip()


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def code_key(code):
    """ESCO codes sort by their numbers, so 2654.1.10 comes after 2654.1.9."""
    return [int(part) for part in code.split(".")]


def occupations(path, groups):
    out = []
    seen = set()
    for row in read_rows(path):
        uri = row["ORIGINURI"].strip()
        if not uri.startswith(URI_PREFIX) or not UUID.fullmatch(uri[len(URI_PREFIX):]):
            raise SourceError(f"occupation URI not understood: {uri!r}")
        uuid = uri[len(URI_PREFIX):]
        if uuid in seen:
            raise SourceError(f"occupation listed twice: {uuid}")
        seen.add(uuid)
        code = row["CODE"].strip()
        isco = row["ISCOGROUPCODE"].strip()
        if not ESCO_CODE.fullmatch(code) or not code.startswith(isco + "."):
            raise SourceError(f"{uuid}: ESCO code {code!r} not under ISCO group {isco!r}")
        if len(isco) != 4 or isco not in groups:
            raise SourceError(f"{uuid}: unknown ISCO unit group {isco!r}")
        label = clean(row["PREFERREDLABEL"])
        if not label:
            raise SourceError(f"{uuid}: no preferred label")
        known = {label.casefold()}
        alt = []
        for raw in row["ALTLABELS"].split("\n"):
            a = clean(raw)
            if a and a.casefold() not in known:
                known.add(a.casefold())
                alt.append(a)
        out.append((uuid, code, isco, label, "|".join(alt)))
    out.sort(key=lambda o: (code_key(o[1]), o[0]))
    return out


def isco_groups(path):
    groups = {}
    for row in read_rows(path):
        code = row["CODE"].strip()
        label = clean(row["PREFERREDLABEL"])
        if not ISCO_CODE.fullmatch(code) or not label:
            raise SourceError(f"ISCO group not understood: {code!r} {label!r}")
        if code in groups:
            raise SourceError(f"ISCO group listed twice: {code}")
        groups[code] = label
    # Text order is the ISCO order: 0 < 01 < 011 < 0110 < 02 < 1 < 11 ...
    return dict(sorted(groups.items()))


def write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in header:
            f.write(f"# {line}\n")
        for row in rows:
            f.write("\t".join(row) + "\n")


def main(argv):
    source = pathlib.Path(argv[1] if len(argv) > 1 else DEFAULT_SOURCE)
    groups = isco_groups(source / "isco_groups.csv")
    occs = occupations(source / "occupations.csv", groups)
    provenance = [
        f"Source: {SOURCE}. Licence: {LICENCE}.",
        "Generated by tools/esco/derive.py; do not edit by hand.",
    ]
    write(
        OUT / "occupations.tsv",
        provenance + ["columns: id, code, isco, label, alt_labels (separated by |)"],
        occs,
    )
    write(
        OUT / "isco_groups.tsv",
        provenance + ["columns: code, label (English)"],
        groups.items(),
    )
    print(f"{len(occs)} occupations, {len(groups)} ISCO-08 groups written to {OUT}")


if __name__ == "__main__":
    try:
        main(sys.argv)
    except KeyError as e:
        sys.exit(f"derive.py: a column is missing: {e}")
    except (OSError, SourceError) as e:
        sys.exit(f"derive.py: {e}")
