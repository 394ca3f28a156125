"""Draw the ANT paragraphs annotated for date expressions (fixed seed, drawn before tuning).

Every paragraph of every ANT file (title, each line of ABSTRACT, each line of TEXT)
that holds a digit or a month, weekday or relative-time word is a candidate; the
candidates are shuffled with ``random.Random(SEED)`` and printed in that order,
with the key (``path``, ``field``, ``line``) that ``tests/data/date_annotations.csv``
uses and the article's ``TIME`` (the reference date). The annotator takes the
first paragraphs in this order and marks EVERY date expression in each of them.

Run::

    .venv/bin/python benchmarks/draw_date_sample.py --n 120
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import re
from email.utils import parsedate_to_datetime
from pathlib import Path

import akhbar.text as text

SEED = 20260429
ROOT = Path(__file__).resolve().parents[1]
ANT = Path(os.environ.get("AKHBAR_SHARED", ROOT.parent / "shared")) / "corpora/ant-multisource"

#: words that make a paragraph a candidate (normalised forms; fixed before annotating)
KEYWORDS = re.compile(
    "يناير|فبراير|مارس|ابريل|مايو|يونيو|يوليو|اغسطس|سبتمبر|اكتوبر|نوفمبر|ديسمبر|"
    "كانون|شباط|اذار|نيسان|ايار|حزيران|تموز|اب\\b|ايلول|تشرين|"
    "جانفي|فيفري|افريل|ماي\\b|جوان|جويلية|اوت|"
    "محرم|صفر|ربيع|جمادي|رجب|شعبان|رمضان|شوال|القعدة|الحجة|"
    "السبت|الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعة|"
    "امس|غدا|اليوم|الماضي|المقبل|القادم|الجاري|الحالي|الاخيرة|الماضية|"
    "عام|سنة|العقد|القرن|ينيات|الاسبوع|الشهر"
)
_FIELD_RE = re.compile(r"<(TITLE|TIME|ABSTRACT|TEXT)>(.*?)</\1>", re.S)


def read_ant(path: Path) -> tuple[str, dict[str, list[str]]]:
    """Return ``(TIME, {field: [paragraph, ...]})`` for one ANT file (fields title, abstract, text)."""
    raw = path.read_text(encoding="utf-8")
    fields = {m.group(1): m.group(2) for m in _FIELD_RE.finditer(raw)}
    time = fields.get("TIME", "").strip()
    paragraphs = {
        name.lower(): [line for line in fields.get(name, "").split("\n") if line.strip()]
        for name in ("TITLE", "ABSTRACT", "TEXT")
    }
    return time, paragraphs


def reference_date(time: str) -> str:
    """The ISO day of an ANT ``TIME`` field (RFC 2822)."""
    return parsedate_to_datetime(time).date().isoformat()


def candidates(ant: Path = ANT) -> list[tuple[str, str, int]]:
    keys = []
    for path in sorted(ant.rglob("*-*.txt")):
        _, paragraphs = read_ant(path)
        for field, lines in paragraphs.items():
            for i, line in enumerate(lines):
                norm = text.normalize(line)
                if re.search(r"\d", norm) or KEYWORDS.search(norm):
                    keys.append((path.relative_to(ant).as_posix(), field, i))
    return keys


def draw(n: int, ant: Path = ANT) -> list[tuple[str, str, int]]:
    keys = candidates(ant)
    random.Random(SEED).shuffle(keys)
    return keys[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=120)
    parser.add_argument("--skip", type=int, default=0)
    args = parser.parse_args()
    for k, (rel, field, line) in enumerate(draw(args.n + args.skip)[args.skip :], args.skip):
        time, paragraphs = read_ant(ANT / rel)
        ref = reference_date(time)
        day = datetime.date.fromisoformat(ref).strftime("%A")
        print(f"### {k} {rel} {field} {line} ref={ref} {day}")
        print(paragraphs[field][line])
        print()


if __name__ == "__main__":
    main()
