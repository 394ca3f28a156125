"""Named entities: persons, organisations and places in Arabic text, offline.

:func:`find_entities` combines two engines: the gazetteers of
:mod:`akhbar.gazetteer` (countries, cities, regions, well-known
organisations) and a CRF sequence tagger (python-crfsuite) trained on
CLEANANERCorp (GPL-3.0, see ``akhbar/data/ner/NOTICE``) for the names no list
holds. The tagger's features are the token's normalised form and its form
after proclitic stripping, affixes, shape, gazetteer and name-list
membership, a lexicon of training entities, titles and trigger words in a
window of two tokens, how much the word looks like a name (character n-grams
of the Arabic and foreign name lists against the training text's ordinary
words: :func:`name_likeness`) and whether the sentence is about sport (where
a country is usually its team, an organisation), and the large name lists
built from Wikidata and arabnamer (:func:`name_units`: how often a word is a
given name, a surname or a transliterated name; :func:`public_figure_tags`:
the full names of about 64,000 public figures); it is trained on one extra
copy of each person sentence
with names drawn from the name lists, so that it learns person contexts rather
than the training names. Rules then trim a leading country or nisba from a
person, split persons joined by و, and take never-seen words after a reporting
verb (``وأشار السقاف``) as a person. One model is shipped; models trained with
different seeds can vote (:class:`VoteTagger`: with three, an entity two of them tag
is kept; ``--models 3`` trains them, at about 85% of the speed).
``scripts/train_ner.py`` trains them;
``benchmarks/eval_ner.py`` measures it (``--dev`` on held-out blocks of train).

>>> [(e.surface, e.type) for e in find_entities("وصل الوزير إلى طرابلس")]
[('طرابلس', 'place')]
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from akhbar.gazetteer import GazetteerMatch, gazetteer_entries, gazetteer_form, match_gazetteer
from akhbar.text import _TOKEN_RE, DIACRITICS, PROCLITICS, TATWEEL, has_arabic, sentences

__all__ = [
    "Entity",
    "VoteTagger",
    "entity_spans",
    "find_entities",
    "ner_tokens",
    "open_taggers",
    "sentence_features",
    "tag_tokens",
]

#: CRF labels to entity types; MISC is learnt but not reported
LABEL_TYPES = {"PERS": "person", "LOC": "place", "ORG": "organization"}
GAZETTEER_TYPES = frozenset({"place", "organization"})
MAX_CHUNK = 200  # tokens per CRF sequence: long paragraphs are cut at sentence ends
_WINDOW = (-2, -1, 1, 2)
_BAND_WINDOW = 1  # name-likeness of the neighbours (two each side: the same 0.745 on held-out)
#: distinct words whose features one featurizer keeps (about 3 KB each: under 100 MB);
#: beyond it the older half goes, so a long-running worker or notebook stays bounded
FEATURE_CACHE_WORDS = 30_000
_NER_TOKEN_RE = re.compile(_TOKEN_RE.pattern + r"|[^\s\w]")
#: feature groups (switch groups off for ablations)
ALL_GROUPS = (
    "affix",
    "shape",
    "clitic",
    "lists",
    "gazetteer",
    "lexicon",
    "window",
    "namelike",
    "topic",
    "names",
)


@dataclass(frozen=True)
class Entity:
    """One entity mention: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    type: str
    source: str
    canonical: str | None = None
    country: str | None = None


def ner_tokens(text: str) -> list[tuple[str, int, int]]:
    """Words as :func:`akhbar.text.tokens` yields them, plus each punctuation mark as a token.

    >>> [t for t, _, _ in ner_tokens("قال (د ب أ)،")]
    ['قال', '(', 'د', 'ب', 'أ', ')', '،']
    """
    return [(m.group(), m.start(), m.end()) for m in _NER_TOKEN_RE.finditer(text)]


# --- lexicons -----------------------------------------------------------------------


def _read_tsv(package_path: Sequence[str]) -> list[dict[str, str]]:
    path = resources.files("akhbar").joinpath("data", *package_path)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@functools.cache
def word_lists() -> dict[str, frozenset[str]]:
    """Single-word lists used as features, keyed by group, in gazetteer form.

    >>> "بوتين" in word_lists()["foreign_name"]
    True
    """
    groups: dict[str, set[str]] = {}
    for surface, kind, _, _ in gazetteer_entries():
        if kind in ("given_name", "family_name", "foreign_name"):
            groups.setdefault(kind, set()).add(gazetteer_form(surface))
    for file, group in (("places.tsv", "ambiguous_place"), ("organizations.tsv", "ambiguous_org")):
        for row in _read_tsv(("gazetteers", file)):
            if row["ambiguous"].strip() == "1":
                names = [row["name"], *row["variants"].split("|")]
                groups.setdefault(group, set()).update(
                    gazetteer_form(n.strip()) for n in names if n.strip() and " " not in n.strip()
                )
    for row in _read_tsv(("gazetteers", "triggers.tsv")):
        groups.setdefault(row["group"].strip(), set()).add(gazetteer_form(row["word"].strip()))
    return {group: frozenset(words) for group, words in groups.items()}


def _grams(form: str) -> list[str]:
    padded = "<" + form + ">"
    return [padded[i : i + n] for n in (2, 3, 4) for i in range(len(padded) - n + 1)]


@functools.lru_cache(maxsize=8)
def name_scorer(others: frozenset[str]) -> dict[str, tuple[float, float]]:
    """Character n-gram log-odds of "a name" against ordinary words, per name list.

    Naive Bayes over 2- to 4-grams (add-half smoothing) of the name lists
    (``arab``: given and family names; ``foreign``: transliterated foreign
    names) against ``others``, the word forms a training text uses outside
    entities, less the listed names. Maps each n-gram to its two log-odds.
    Training builds it from the other folds' words, as it does the lexicon.
    """
    lists: dict[str, set[str]] = {g: set(ws) for g, ws in word_lists().items()}
    # the large lists: Arab and Muslim-world given names and surnames learn the
    # Arabic score, names known only as transliterations the foreign one
    for form, codes in name_units().items():
        if "ug" in codes or "us" in codes:
            lists["given_name"].add(form)
        elif "ut" in codes:
            lists["foreign_name"].add(form)
    names = set().union(*(lists.get(g, ()) for g in ("given_name", "family_name", "foreign_name")))
    negative = Counter(g for w in others if w.isalpha() and w not in names for g in _grams(w))
    n_negative = sum(negative.values())
    scores: list[dict[str, float]] = []
    for groups in (("given_name", "family_name"), ("foreign_name",)):
        positive = Counter(g for grp in groups for w in lists.get(grp, ()) for g in _grams(w))
        n_positive = sum(positive.values())
        vocab = len(positive.keys() | negative.keys())
        scores.append(
            {
                g: math.log((positive[g] + 0.5) / (n_positive + 0.5 * vocab))
                - math.log((negative[g] + 0.5) / (n_negative + 0.5 * vocab))
                for g in positive.keys() | negative.keys()
            }
        )
    grams = scores[0].keys() | scores[1].keys()
    return {g: (scores[0].get(g, 0.0), scores[1].get(g, 0.0)) for g in grams}


def name_likeness(form: str, others: frozenset[str] | None = None) -> dict[str, float]:
    """Mean n-gram log-odds that ``form`` (gazetteer form, no proclitic) is a name, per list.

    ``others`` are the ordinary words to weigh names against (by default the
    words the training text uses outside entities). A transliterated foreign
    name scores high on ``foreign`` without being in any list:

    >>> scores = name_likeness("شوفكوفسكيي")
    >>> scores["foreign"] > 0 > name_likeness("المدافع")["foreign"]
    True
    """
    if others is None:
        others = training_lexicon().get("O", frozenset())
    arab, foreign = _likeness(form, name_scorer(others))
    return {"arab": arab, "foreign": foreign}


_NO_GRAM = (0.0, 0.0)


def _likeness(form: str, table: dict[str, tuple[float, float]]) -> tuple[float, float]:
    padded = "<" + form + ">"
    arab = foreign = 0.0
    count = 0
    for n in (2, 3, 4):
        for i in range(len(padded) - n + 1):
            a, f = table.get(padded[i : i + n], _NO_GRAM)
            arab += a
            foreign += f
            count += 1
    return arab / count, foreign / count


#: a name word's roles in name_units.tsv, as features: given name, surname, transliterated
_UNIT_ROLES = (("given", "ug"), ("surname", "us"), ("transliterated", "ut"))


@functools.cache
def name_units() -> dict[str, tuple[str, ...]]:
    """Name words of the large lists (``data/gazetteers/name_units.tsv``), with their roles.

    Each gazetteer form maps to its feature codes: ``ug`` (a given name of
    listed people), ``us`` (a surname), ``ut`` (a transliterated name of
    arabnamer's dictionary) and ``un0``-``un3``, the order of magnitude of how
    many listed people carry it. Built by ``scripts/build_name_lists.py``
    (Wikidata, CC0-1.0; DziriNames, MIT; arabnamer, CC-BY-4.0: see NOTICE).

    >>> name_units()["بوقادوم"]
    ('us', 'un0')
    """
    lines = _data_lines(("gazetteers", "name_units.tsv"))
    header = lines[0].split("\t")
    roles = [(header.index(column), code) for column, code in _UNIT_ROLES]
    counted = [header.index(column) for column in ("given", "surname", "other")]
    interned: dict[tuple[str, ...], tuple[str, ...]] = {}
    out = {}
    for line in lines[1:]:
        row = line.split("\t")
        people = sum(int(row[k]) for k in counted)
        codes = tuple(code for k, code in roles if row[k] != "0")
        codes += ("un" + str(min(3, len(str(people + 1)) - 1)),)  # order of magnitude
        out[row[0]] = interned.setdefault(codes, codes)
    return out


@functools.cache
def public_figures() -> frozenset[tuple[str, ...]]:
    """Full names of public figures, word by word, in gazetteer form.

    From ``data/gazetteers/public_figures.tsv`` (generated from Wikidata) and
    ``foreign_figures.tsv`` (written by hand, with spelling variants).

    >>> ("صبري", "بوقادوم") in public_figures(), ("ريتشارد", "نيكسون") in public_figures()
    (True, True)
    """
    lines = _data_lines(("gazetteers", "public_figures.tsv"))
    names = {tuple(line.partition("\t")[0].split()) for line in lines[1:]}
    # hand-written: foreign public figures as Arabic news spells them, with variants
    for row in _read_tsv(("gazetteers", "foreign_figures.tsv")):
        for name in (row["name"], *row["variants"].split("|")):
            words = tuple(gazetteer_form(w) for w in name.split())
            if 2 <= len(words) <= 4:  # the lengths public_figure_tags matches
                names.add(words)
    return frozenset(names)


def _data_lines(package_path: Sequence[str]) -> list[str]:
    """The non-empty lines of a large package data file (header first), read fast."""
    path = resources.files("akhbar").joinpath("data", *package_path)
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line]


@functools.cache
def _figure_starts() -> frozenset[str]:
    return frozenset(name[0] for name in public_figures())


def public_figure_tags(words: Sequence[str]) -> list[str]:
    """``B``/``I`` for the words of the longest public figure's full name starting at each word.

    The first word of a name may carry a proclitic (``ولصبري``); a name never
    starts at a function word (على, the preposition, is not the name علي).

    >>> public_figure_tags(["وقال", "صبري", "بوقادوم", "على", "حسن"])
    ['', 'B', 'I', '', '']
    """
    forms = [word_forms(w) for w in words]
    return _figure_tags(
        [form for form, _ in forms],
        [stem for _, stem in forms],
        [not is_function_word(w) for w in words],
    )


def _figure_tags(forms: Sequence[str], stems: Sequence[str], opens: Sequence[bool]) -> list[str]:
    names, starts = public_figures(), _figure_starts()
    n = len(forms)
    tags = [""] * n
    i = 0
    while i < n:
        size = 0
        if opens[i] and (forms[i] in starts or stems[i] in starts):
            for k in (4, 3, 2):  # the longest listed name first
                rest = tuple(forms[i + 1 : i + k])
                if len(rest) == k - 1 and (
                    (forms[i], *rest) in names or (stems[i], *rest) in names
                ):
                    size = k
                    break
        if size:
            tags[i : i + size] = ["B"] + ["I"] * (size - 1)
        i += size or 1
    return tags


@functools.cache
def training_lexicon() -> dict[str, frozenset[str]]:
    """Word forms seen inside training entities, by label (PERS, LOC, ORG, MISC)."""
    groups: dict[str, set[str]] = {}
    try:
        rows = _read_tsv(("ner", "train_lexicon.tsv"))
    except FileNotFoundError:
        return {}
    for row in rows:
        groups.setdefault(row["label"], set()).add(row["word"])
    return {label: frozenset(words) for label, words in groups.items()}


def strip_proclitic(form: str) -> tuple[str, str]:
    """Split the longest proclitic that leaves a stem of three letters or more.

    >>> strip_proclitic("وبالجزاير")
    ('وبال', 'جزاير')
    >>> strip_proclitic("ليبيا")
    ('ل', 'يبيا')
    """
    for cut in (4, 3, 2, 1):
        if len(form) - cut >= 3 and form[:cut] in PROCLITICS:
            return form[:cut], form[cut:]
    return "", form


@functools.lru_cache(maxsize=1 << 16)
def word_forms(word: str) -> tuple[str, str]:
    """A word's gazetteer form and that form without its proclitic (cached: news repeats words).

    >>> word_forms("وبالجزائر")
    ('وبالجزاير', 'جزاير')
    """
    form = gazetteer_form(word)
    return form, strip_proclitic(form)[1]


# --- features -----------------------------------------------------------------------


def _shape(token: str) -> str:
    if not token[0].isalnum():
        return "punct:" + token
    if token.isdigit():
        return "digit"
    if token.isascii():
        return "latin"
    if any(c.isdigit() for c in token):
        return "mixed"
    return "arabic"


class _Featurizer:
    """Per-word features, computed once per distinct word (news repeats its words)."""

    def __init__(self, lexicon: dict[str, frozenset[str]], groups: frozenset[str]):
        self.groups = groups
        self.lists = word_lists() if "lists" in groups else {}
        self.lexicon = lexicon if "lexicon" in groups else {}
        self.namelike = "namelike" in groups
        self.units = name_units() if "names" in groups else {}
        # ordinary words of this lexicon (the other folds' in training) for name-likeness
        self.others = lexicon.get("O", frozenset())
        self.name_table = name_scorer(self.others) if self.namelike else {}
        # word -> the lists and lexicon labels holding it, in their order (one lookup a word)
        self.member_of, self.seen_as = _index(self.lists), _index(self.lexicon)
        self.list_order, self.label_order = tuple(self.lists), tuple(self.lexicon)
        self.cache: dict[str, tuple] = {}

    def word(self, word: str) -> tuple:
        info = self.cache.get(word)
        if info is None:
            cache = self.cache
            if len(cache) >= FEATURE_CACHE_WORDS:
                # drop the older half (dicts keep insertion order): recent words stay
                for old in list(itertools.islice(cache, max(1, len(cache) // 2))):
                    del cache[old]
            info = cache[word] = self._compute(word)
        return info

    def _compute(self, word: str) -> tuple:
        groups = self.groups
        form = gazetteer_form(word)
        prefix, stem = strip_proclitic(form) if "clitic" in groups else ("", form)
        members = _either(self.member_of, self.list_order, form, stem)
        codes = ()
        if self.units:
            codes = self.units.get(form) or self.units.get(stem) or ()
            members += codes
        seen = _either(self.seen_as, self.label_order, form, stem)
        members += ["x" + lbl for lbl in seen]
        feats = ["w=" + form, "s=" + stem]
        if "clitic" in groups:
            feats += ["p=" + prefix, "al=" + str(form.startswith("ال") or prefix.endswith("ال"))]
        if "affix" in groups:
            feats += [
                "s1=" + stem[-1:],
                "s2=" + stem[-2:],
                "s3=" + stem[-3:],
                "f2=" + stem[:2],
                "f3=" + stem[:3],
            ]
        if "shape" in groups:
            feats += ["shape=" + _shape(word), "len=" + str(min(len(stem), 9))]
        feats += ["m=" + g for g in members]
        if self.lexicon and not seen:
            feats.append("unseen")
        bands = []
        if self.namelike and stem.isalpha() and not stem.isascii():
            arab, foreign = _likeness(stem, self.name_table)
            bands = [
                f"na={max(-3, min(3, round(arab * 2)))}",
                f"nf={max(-3, min(3, round(foreign * 2)))}",
            ]
            feats += bands
        # the features this word gives its neighbour at distance d, at index d + 2; tuples
        # of strings only, which the garbage collector leaves alone in the cache
        windows: list[tuple[str, ...]] = [()] * 5
        for d in _WINDOW:
            around = [f"s[{d}]={stem}"]
            if -1 <= d <= 1:
                around.append(f"w[{d}]={form}")
            if abs(d) <= _BAND_WINDOW:
                around += [b.replace("=", f"[{d}]=", 1) for b in bands]
            around += [f"m[{d}]={g}" for g in members if -1 <= d <= 1 or g not in codes]
            windows[d + 2] = tuple(around)
        opens = "names" in groups and not is_function_word(word)
        return stem, tuple(feats), tuple(windows), "sport_cue" in members, form, opens


def _index(groups: dict[str, frozenset[str]]) -> dict[str, tuple[str, ...]]:
    """Each word of ``groups`` with the names of the groups holding it, in their order."""
    index: dict[str, list[str]] = {}
    for name, words in groups.items():
        for word in words:
            index.setdefault(word, []).append(name)
    return {word: tuple(names) for word, names in index.items()}


def _either(
    index: dict[str, tuple[str, ...]], order: tuple[str, ...], form: str, stem: str
) -> list[str]:
    """The groups holding ``form`` or ``stem``, in the groups' ``order``."""
    first, second = index.get(form, ()), index.get(stem, ())
    if not second or second == first:
        return list(first)
    if not first:
        return list(second)
    return [group for group in order if group in first or group in second]


@functools.cache
def _default_featurizer(groups: frozenset[str]) -> _Featurizer:
    return _Featurizer(training_lexicon(), groups)


def sentence_features(
    words: Sequence[str],
    gazetteer_tags: Sequence[str] | None = None,
    *,
    lexicon: dict[str, frozenset[str]] | None = None,
    groups: Iterable[str] = ALL_GROUPS,
    featurizer: _Featurizer | None = None,
) -> list[list[str]]:
    """CRF features (one list of string attributes per token) for one sentence.

    ``gazetteer_tags`` gives each token's gazetteer position and kind
    (``B-country``, ``I-organization``, or ``""``); ``lexicon`` maps labels to
    word forms seen inside training entities (the model's own lexicon by
    default). ``groups`` switches feature groups off, for ablations.

    >>> sentence_features(["قال", "للرئيس", "بوتين"])[1][:3]
    ['w=للرييس', 's=رييس', 'p=لل']
    """
    groups = frozenset(groups)
    if featurizer is None:
        if lexicon is None:
            featurizer = _default_featurizer(groups)
        else:
            featurizer = _Featurizer(lexicon, groups)
    n = len(words)
    tags = gazetteer_tags if gazetteer_tags is not None else [""] * n
    infos = [featurizer.word(w) for w in words]
    use_gazetteer = "gazetteer" in groups
    use_window = "window" in groups
    sport = "topic" in groups and any(info[3] for info in infos)
    if "names" in groups:
        figures = _figure_tags(
            [info[4] for info in infos], [info[0] for info in infos], [info[5] for info in infos]
        )
    else:
        figures = [""] * n
    out: list[list[str]] = []
    for i in range(n):
        stem, own, *_ = infos[i]
        feats = list(own)
        if sport:
            feats.append("sport")
        if figures[i]:
            feats.append("fn=" + figures[i])
        if i > 0 and figures[i - 1]:
            feats.append("fn[-1]=" + figures[i - 1])
        if i + 1 < n and figures[i + 1]:
            feats.append("fn[1]=" + figures[i + 1])
        if use_gazetteer and tags[i]:
            feats += ["gz=" + tags[i], "gzk=" + tags[i][2:]]
            if sport:
                feats.append("gzs=" + tags[i][2:])

        if use_window:
            for d in _WINDOW:
                j = i + d
                if 0 <= j < n:
                    feats += infos[j][2][d + 2]
                    if use_gazetteer and tags[j]:
                        feats.append(f"gz[{d}]={tags[j]}")
                else:
                    feats.append(f"s[{d}]=<pad>")
            if i > 0:
                feats.append(f"b=-1|{infos[i - 1][0]}|{stem}")
        if i == 0:
            feats.append("BOS")
        if i == n - 1:
            feats.append("EOS")
        out.append(feats)
    return out


def gazetteer_token_tags(
    spans: Sequence[tuple[int, int]], matches: Sequence[GazetteerMatch]
) -> list[str]:
    """Give each token span the B-/I- kind of the gazetteer match that overlaps it."""
    tags = [""] * len(spans)
    starts = [s for s, _ in spans]
    for m in matches:
        first = max(bisect.bisect_right(starts, m.start) - 1, 0)
        inside = False
        for k in range(first, len(spans)):
            s, e = spans[k]
            if s >= m.end:
                break
            if e > m.start:
                tags[k] = ("I-" if inside else "B-") + m.kind
                inside = True
    return tags


# --- tagging ------------------------------------------------------------------------


def entity_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(first, last + 1, type)`` of each entity in IOB2 ``labels`` (a stray I- opens one).

    >>> entity_spans(["B-PERS", "I-PERS", "O", "I-LOC", "B-ORG"])
    [(0, 2, 'PERS'), (3, 4, 'LOC'), (4, 5, 'ORG')]
    """
    out, start, kind = [], None, None
    for k, label in enumerate([*labels, "O"]):
        if start is not None and not (label.startswith("I-") and label[2:] == kind):
            out.append((start, k, kind))
            start = None
        if label.startswith("B-") or (label.startswith("I-") and start is None):
            start, kind = k, label[2:]
    return out


class VoteTagger:
    """CRFs trained alike on different draws vote: an entity most of them tag is kept.

    Each model sees other jackknife folds and other names in its augmented
    copies (``scripts/train_ner.py``, one seed each); an entity (exact span and
    type) is kept when more than half of the models tag it. With three models
    the kept entities never overlap. ``tag`` takes features as
    :meth:`pycrfsuite.Tagger.tag` does, so a vote stands in for one tagger.
    """

    def __init__(self, taggers: Sequence) -> None:
        self.taggers = list(taggers)
        self.quorum = len(self.taggers) // 2 + 1

    def tag(self, xseq) -> list[str]:
        import pycrfsuite

        if len(self.taggers) == 1:
            return self.taggers[0].tag(xseq)
        items = pycrfsuite.ItemSequence(xseq)
        outputs = [t.tag(items) for t in self.taggers[: self.quorum]]
        if all(labels == outputs[0] for labels in outputs):
            return outputs[0]  # a quorum agrees on everything: the others cannot change it
        outputs += [t.tag(items) for t in self.taggers[self.quorum :]]
        votes = Counter(s for labels in outputs for s in entity_spans(labels))
        labels = ["O"] * len(items)
        for (first, end, kind), n in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
            if n < self.quorum or any(label != "O" for label in labels[first:end]):
                continue
            labels[first:end] = ["B-" + kind] + ["I-" + kind] * (end - first - 1)
        return labels


def open_taggers(paths: Iterable) -> VoteTagger:
    """A :class:`VoteTagger` over the CRF model files at ``paths``."""
    import pycrfsuite

    taggers = []
    for path in paths:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        taggers.append(tagger)
    return VoteTagger(taggers)


@functools.cache
def _tagger() -> VoteTagger:
    """The shipped models (``params.json`` lists them; one ``model.crfsuite`` before)."""
    import json

    data = resources.files("akhbar").joinpath("data", "ner")
    params = json.loads(data.joinpath("params.json").read_text(encoding="utf-8"))
    names = params.get("models", ["model.crfsuite"])
    with contextlib.ExitStack() as stack:
        paths = [stack.enter_context(resources.as_file(data.joinpath(n))) for n in names]
        return open_taggers(paths)


def tag_tokens(words: Sequence[str], gazetteer_tags: Sequence[str] | None = None) -> list[str]:
    """CRF labels (IOB2: ``B-PERS``, ``I-LOC``, ``O``...) for one sequence of words.

    >>> tag_tokens([])
    []
    """
    if not words:
        return []
    return list(_tagger().tag(sentence_features(words, gazetteer_tags)))


def _chunks(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Token index ranges per sentence, cut to at most ``MAX_CHUNK`` tokens."""
    out: list[tuple[int, int]] = []
    k = 0
    for _, sent_end in sentences(text):
        first = k
        while k < len(spans) and spans[k][1] <= sent_end:
            k += 1
        for lo in range(first, k, MAX_CHUNK):
            out.append((lo, min(lo + MAX_CHUNK, k)))
    if k < len(spans):
        out.extend((lo, min(lo + MAX_CHUNK, len(spans))) for lo in range(k, len(spans), MAX_CHUNK))
    return out


_WRITTEN_TABLE = str.maketrans(
    {
        **{c: None for c in DIACRITICS},
        TATWEEL: None,
        **dict.fromkeys("\u0623\u0625\u0622\u0671", "\u0627"),
    }
)


def _written_form(word: str) -> str:
    """The word as written, without diacritics and with bare alef; ى stays apart from ي.

    >>> _written_form("عَلَى"), _written_form("بأنّ")
    ('على', 'بان')
    """
    return word.translate(_WRITTEN_TABLE)


@functools.cache
def function_words() -> frozenset[str]:
    """Words never a name by themselves (``على``, ``بأن``, ``باسم``), in written form.

    >>> "على" in function_words(), "علي" in function_words()
    (True, False)
    """
    rows = _read_tsv(("gazetteers", "function_words.tsv"))
    for line_no, row in enumerate(rows, start=2):
        if not (row.get("word") or "").strip():
            raise ValueError(f"function_words.tsv, line {line_no}: field 'word' is empty")
    return frozenset(_written_form(row["word"].strip()) for row in rows)


@functools.lru_cache(maxsize=65536)
def is_function_word(word: str) -> bool:
    """True for a function word, alone or after proclitics (``وكبرى``, ``وعلى``).

    >>> [is_function_word(w) for w in ("على", "وكبرى", "علي", "برى", "نيمار")]
    [True, True, False, False, False]
    """
    form = _written_form(word)
    stops = function_words()
    if form in stops:
        return True
    return any(
        form[:cut] in PROCLITICS and form[cut:] in stops for cut in range(1, min(4, len(form) - 1))
    )


@functools.lru_cache(maxsize=65536)
def _is_edge_noise(word: str) -> bool:
    """Punctuation, titles (``الجنرال``) and function words (``على``) do not start or end a name."""
    return (
        not word[0].isalnum()
        or gazetteer_form(word) in word_lists().get("person_title", ())
        or is_function_word(word)
    )


@functools.lru_cache(maxsize=65536)
def _strip_span_start(word: str, known: frozenset[str], seen: frozenset[str]) -> int:
    """How many characters of proclitic to drop from the first word of a tagged span.

    ``known`` holds entity words (name lists, gazetteers, training entities),
    ``seen`` every word of the training text. A listed word (gazetteer or name
    list) keeps its letters; else the proclitic goes when what is left is
    listed (the longest listed reading wins) or, after و, a known entity word
    (``وفالنسيا``). A word that is known or seen as it stands keeps its
    letters (``فالنسيا``, ``كريستيانو``); an unknown one loses its proclitic
    before the article, و when four letters or more are left, and ب ل ك only
    before a name in بو (names such as بوقدوم, لاريجاني keep their first letter).

    >>> known = frozenset({"ليبيا", "فالنسيا"})
    >>> words = ("لبوقادوم", "بوقدوم", "ليبيا", "والجزائر", "فالنسيا", "وفالنسيا")
    >>> [_strip_span_start(w, known, frozenset()) for w in words]
    [1, 0, 0, 1, 0, 1]
    """
    form = gazetteer_form(word)
    if len(form) != len(word) or form in _name_forms():
        return 0  # a listed name or place keeps its letters: وائل, لبنان
    for cut in (1, 2, 3):
        prefix, rest = form[:cut], form[cut:]
        if prefix not in PROCLITICS or prefix.endswith("ال") or len(rest) < 3:
            continue
        if rest in _name_forms():
            return cut
    if form.startswith("\u0648") and len(form) >= 5 and form[1:] in known:
        return 1
    if form in known or form in seen:
        return 0
    for cut in (3, 2, 1):
        prefix, rest = form[:cut], form[cut:]
        if len(rest) < 2 or prefix not in PROCLITICS or prefix.endswith("ال"):
            continue
        if rest.startswith("ال") or rest in known or prefix in ("لل", "ولل", "فلل"):
            return cut
        if prefix == "و" and len(rest) >= 4:
            return cut
        if prefix in ("ب", "ل", "ك") and rest.startswith("بو") and len(rest) >= 4:
            return cut  # لبوقادوم: Maghrebi family names in بو after a preposition
    return 0


@functools.cache
def _name_forms() -> frozenset[str]:
    """Gazetteer and name-list entries in gazetteer form."""
    return frozenset(gazetteer_form(surface) for surface, *_ in gazetteer_entries())


@functools.cache
def _known_words() -> frozenset[str]:
    lists = word_lists()
    words = set().union(*(lists.get(g, ()) for g in ("given_name", "family_name", "foreign_name")))
    for label, forms in training_lexicon().items():
        if label in LABEL_TYPES:
            words |= forms
    words |= {gazetteer_form(surface) for surface, *_ in gazetteer_entries()}
    return frozenset(words)


_NAME_GROUPS = ("given_name", "family_name", "foreign_name")


def _name_like(word: str, seen: frozenset[str] | tuple) -> bool:
    """A word that may be a name: never seen outside names in training, and no cue word."""
    if not word[0].isalpha() or word.isascii():
        return False
    lists = word_lists()
    form = gazetteer_form(word)
    stem = strip_proclitic(form)[1]
    cues = ("person_title", "person_verb", "person_kin", "org_head", "loc_trigger", "loc_prep")
    if any(form in lists.get(g, ()) or stem in lists.get(g, ()) for g in cues):
        return False
    return len(stem) >= 3 and form not in seen and stem not in seen


def _cued_persons(
    words: Sequence[str], labels: list[str], tags: Sequence[str], seen: frozenset[str] | tuple
) -> list[str]:
    """Label as a person the name-like words the tagger left out after a reporting verb.

    ``وأشار السقاف إلى``, ``وقال كينيون``: after a reporting verb (a
    nationality may come between), up to three consecutive words never seen
    outside names in training. The same rule after titles (الرئيس، المدرب)
    lost more precision than it gained recall on held-out training blocks
    (adjectives: المدرب الجديد), so titles are left to the tagger.

    >>> _cued_persons(["وقال", "كينيون", "إن"], ["O", "O", "O"], ["", "", ""], frozenset({"ان"}))
    ['O', 'B-PERS', 'O']
    """
    verbs = word_lists().get("person_verb", ())
    out = list(labels)
    n = len(words)
    for i in range(n - 1):
        form, stem = word_forms(words[i])
        if not (form in verbs or stem in verbs):
            continue
        j = i + 1
        while j < n and j <= i + 2 and tags[j][2:] == "nationality":
            j += 1
        k = j
        while k < n and k < j + 3 and out[k] == "O" and _name_like(words[k], seen):
            k += 1
        if k > j and (k >= n or out[k] == "O" or not out[k].startswith("I-")):
            out[j] = "B-PERS"
            for m in range(j + 1, k):
                out[m] = "I-PERS"
    return out


def _crf_entities(
    text: str,
    matches: list[GazetteerMatch],
    tagger=None,
    groups: Iterable[str] = ALL_GROUPS,
    lexicon: dict[str, frozenset[str]] | None = None,
    rules: bool = True,
    featurizer: _Featurizer | None = None,
) -> list[Entity]:
    toks = ner_tokens(text)
    spans = [(s, e) for _, s, e in toks]
    tags = gazetteer_token_tags(spans, matches)
    tagger = tagger or _tagger()
    known = _known_words()
    seen = training_lexicon().get("O", frozenset())
    groups = frozenset(groups)
    if featurizer is None:
        featurizer = (
            _default_featurizer(groups) if lexicon is None else _Featurizer(lexicon, groups)
        )
    out: list[Entity] = []
    for lo, hi in _chunks(spans, text):
        words = [t for t, _, _ in toks[lo:hi]]
        labels = tagger.tag(
            sentence_features(words, tags[lo:hi], groups=groups, featurizer=featurizer)
        )
        if rules:
            labels = _cued_persons(words, labels, tags[lo:hi], featurizer.lexicon.get("O", ()))
        k = 0
        while k < len(labels):
            label = labels[k]
            if label == "O" or label[2:] not in LABEL_TYPES:
                k += 1
                continue
            kind = label[2:]
            j = k + 1
            while j < len(labels) and labels[j] == "I-" + kind:
                j += 1
            first, last, k = k, j - 1, j
            while first <= last and _is_edge_noise(words[first]):
                first += 1
            while last >= first and _is_edge_noise(words[last]):
                last -= 1
            if kind == "PERS":
                chunk_tags = tags[lo : lo + len(words)]
                while first < last and chunk_tags[first][2:] in _PLACE_KINDS:
                    first += 1  # الكيني نديوا ريمي: the nisba or country is not the name
                while last > first and chunk_tags[last][2:] in _PLACE_KINDS:
                    last -= 1
                parts = _split_coordinated(words, first, last, _name_forms())
            else:
                parts = [(first, last)]
            for first, last in parts:
                if first > last:
                    continue
                start = spans[lo + first][0] + _strip_span_start(words[first], known, seen)
                end = spans[lo + last][1]
                out.append(Entity(start, end, text[start:end], LABEL_TYPES[kind], "crf"))
    return out


_PLACE_KINDS = frozenset({"country", "city", "region", "nationality"})


def _split_coordinated(
    words: Sequence[str], first: int, last: int, names: frozenset[str]
) -> list[tuple[int, int]]:
    """Cut a person span before each later word in و that is not a listed name as it stands.

    ``برودي وشيراك`` is two persons; ``محمد وليد`` stays one (وليد is a name).

    >>> _split_coordinated(["برودي", "وشيراك"], 0, 1, frozenset())
    [(0, 0), (1, 1)]
    >>> _split_coordinated(["محمد", "وليد"], 0, 1, frozenset({"وليد"}))
    [(0, 1)]
    """
    parts, begin = [], first
    for i in range(first + 1, last + 1):
        form = gazetteer_form(words[i])
        if form.startswith("\u0648") and len(form) >= 4 and form not in names:
            parts.append((begin, i - 1))
            begin = i
    parts.append((begin, last))
    return parts


def find_entities(text: str, *, gazetteer: bool = True) -> list[Entity]:
    """Find persons, organisations and places in ``text``.

    Gazetteer matches (countries, cities, regions, known organisations) come
    first; the CRF adds the spans that overlap none of them. A proclitic is
    stripped from a tagged span (``لبوقادوم`` gives ``بوقادوم``). Linear in
    the length of the text; the model is loaded once per process.

    Parameters
    ----------
    text : str
        Any text; offsets refer to it as given.
    gazetteer : bool, keyword-only
        Report gazetteer matches (the tagger uses them as features either way).

    Returns
    -------
    list of Entity
        In text order, non-overlapping; ``source`` is ``gazetteer`` or ``crf``.

    Examples
    --------
    >>> [(e.surface, e.type, e.country) for e in find_entities("وقال فلاديمير بوتين في موسكو")]
    [('فلاديمير بوتين', 'person', None), ('موسكو', 'place', 'RU')]
    >>> find_entities("")
    []
    """
    return _find_entities(text, gazetteer=gazetteer)


def _find_entities(
    text: str,
    *,
    gazetteer: bool = True,
    tagger=None,
    groups: Iterable[str] = ALL_GROUPS,
    lexicon: dict[str, frozenset[str]] | None = None,
    featurizer: _Featurizer | None = None,
) -> list[Entity]:
    if not text or not has_arabic(text):
        return []
    matches = match_gazetteer(text)
    found = _crf_entities(text, matches, tagger, groups, lexicon, featurizer=featurizer)
    if not gazetteer:
        return found
    return _merge(found, [m for m in matches if m.entry_type in GAZETTEER_TYPES])


def _merge(found: list[Entity], matches: list[GazetteerMatch]) -> list[Entity]:
    """CRF spans first (they know context: a city in a club name); gazetteer matches fill gaps.

    A CRF span of the same type that covers a gazetteer match takes its canonical name
    and country; an organisation that is a country's name (a national team, in sport
    sentences) takes the country.
    """
    out = list(found)
    starts = [e.start for e in found]
    for m in matches:
        k = bisect.bisect_left(starts, m.end)
        overlapping = []
        while k > 0 and found[k - 1].end > m.start:
            overlapping.append(k - 1)
            k -= 1
        if not overlapping:
            out.append(
                Entity(m.start, m.end, m.surface, m.entry_type, "gazetteer", m.canonical, m.country)
            )
            continue
        for idx in overlapping:
            e = found[idx]
            if e.start < m.start - 3 or e.end != m.end:
                continue
            if e.type == m.entry_type:
                out[idx] = Entity(
                    e.start, e.end, e.surface, e.type, e.source, m.canonical, m.country
                )
            elif e.type == "organization" and m.kind in ("country", "region") and m.country:
                # a national team (وفازت نيجيريا على النيجر): the country it plays for
                out[idx] = Entity(e.start, e.end, e.surface, e.type, e.source, None, m.country)
    out.sort(key=lambda e: e.start)
    return out
