"""Finding the files of a corpus: folders (recursively), globs, lists of them.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "b").mkdir()
>>> for name in ("b/2.txt", "1.txt", ".hidden"):
...     _ = (folder / name).write_text("x")
>>> [(rel, explicit) for _, rel, explicit in find_files(folder)]
[('1.txt', False), ('b/2.txt', False)]
"""

from __future__ import annotations

import glob
import operator
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["find_files", "iter_files"]


def _walk(folder: str, prefix: str = "") -> Iterator[list[tuple[str, str]]]:
    """``(path, relative path)`` of every file under ``folder``, sorted, hidden ones skipped,
    in batches (the files of a folder up to its next sub-folder)."""
    with os.scandir(folder) as entries:
        ordered = sorted(entries, key=_NAME)
    batch: list[tuple[str, str]] = []
    for entry in ordered:
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_dir():
            if batch:
                yield batch
                batch = []
            yield from _walk(entry.path, f"{prefix}{name}/")
        elif entry.is_file():
            batch.append((entry.path, prefix + name))
    if batch:
        yield batch


_NAME = operator.attrgetter("name")


def find_files(source) -> list[tuple[str, str, bool]]:
    """``(path, path relative to its root, explicit)`` for every file of ``source``."""
    return [found for batch in iter_files(source) for found in batch]


def iter_files(source) -> Iterator[list[tuple[str, str, bool]]]:
    """:func:`find_files` in batches, as the folders are read."""
    if isinstance(source, (str, os.PathLike)):
        sources = [source]
    elif isinstance(source, Iterable):
        sources = list(source)
    else:
        raise TypeError(f"source must be a path, a glob or a list of them, not {type(source)}")
    for item in sources:
        path = Path(item)
        if path.is_dir():
            for batch in _walk(str(path)):
                yield [(p, rel, False) for p, rel in batch]
        elif path.is_file():
            yield [(str(path), path.name, True)]
        elif glob.has_magic(str(item)):
            root = Path(str(item).split("*")[0].split("?")[0].split("[")[0])
            root = root if root.is_dir() else root.parent
            matches = sorted(Path(p) for p in glob.glob(str(item), recursive=True))
            yield [(str(m), m.relative_to(root).as_posix(), False) for m in matches if m.is_file()]
        else:
            raise FileNotFoundError(f"no such file, folder or glob match: {item}")
