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
from collections.abc import Iterable
from pathlib import Path

__all__ = ["find_files"]


def _walk(folder: str, prefix: str = "") -> list[tuple[str, str]]:
    """``(path, relative path)`` of every file under ``folder``, sorted, hidden ones skipped."""
    found: list[tuple[str, str]] = []
    with os.scandir(folder) as entries:
        ordered = sorted(entries, key=_NAME)
    for entry in ordered:
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_dir():
            found.extend(_walk(entry.path, f"{prefix}{name}/"))
        elif entry.is_file():
            found.append((entry.path, prefix + name))
    return found


_NAME = operator.attrgetter("name")


def find_files(source) -> list[tuple[str, str, bool]]:
    """``(path, path relative to its root, explicit)`` for every file of ``source``."""
    if isinstance(source, (str, os.PathLike)):
        sources = [source]
    elif isinstance(source, Iterable):
        sources = list(source)
    else:
        raise TypeError(f"source must be a path, a glob or a list of them, not {type(source)}")
    found: list[tuple[str, str, bool]] = []
    for item in sources:
        path = Path(item)
        if path.is_dir():
            found.extend((p, rel, False) for p, rel in _walk(str(path)))
        elif path.is_file():
            found.append((str(path), path.name, True))
        elif glob.has_magic(str(item)):
            root = Path(str(item).split("*")[0].split("?")[0].split("[")[0])
            root = root if root.is_dir() else root.parent
            for match in sorted(Path(p) for p in glob.glob(str(item), recursive=True)):
                if match.is_file():
                    found.append((str(match), match.relative_to(root).as_posix(), False))
        else:
            raise FileNotFoundError(f"no such file, folder or glob match: {item}")
    return found
