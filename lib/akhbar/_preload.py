"""What the loader's fork server imports, so that each worker it starts is warm.

A worker forked from the fork server inherits these modules and what their
first use builds: the fingerprint lookup table (10-20 ms to build) and the
parsing paths warmed on one small record. Without it, every load's worker
paid that before its first chunk.
"""

from __future__ import annotations

import os
import tempfile

from akhbar import corpus
from akhbar.keys import fingerprints

__all__: list[str] = []

_RECORD = (
    "<DOC>\n<DOCNO>W-1</DOCNO>\n<URL>u</URL>\n<SRC>s</SRC>\n<CAT>c</CAT>\n"
    "<TITLE>\u0639\u0646\u0648\u0627\u0646</TITLE>\n<TIME>Mon, 01 Jan 2018 10:00:00 GMT</TIME>\n"
    "<AUTHOR></AUTHOR>\n<ABSTRACT>\n\u0645\u0644\u062e\u0635\n</ABSTRACT>\n"
    "<TEXT>\n\u0641\u0642\u0631\u0629\n</TEXT>\n</DOC>\n"
)


def _warm() -> None:
    """Build what a worker's first chunk would; a failure here only leaves workers cold."""
    fingerprints([""])
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "w.txt")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(_RECORD)
        options = {"format": "auto", "fields": None, "encoding": None, "digests": False}
        corpus._parse_chunk([(0, path, "w.txt", False)], options)


try:
    _warm()
except Exception:  # never stop the fork server: its workers just start cold
    pass
