"""Decoding article files: byte-order marks, UTF-8, UTF-16, Windows-1256, line endings.

:func:`decode` turns the bytes of a file into text with ``\\n`` line endings
and names the encoding it used, or says why the bytes are not text at all.

>>> decode("خبر\\r\\n".encode("cp1256"))
('خبر\\n', 'cp1256')
>>> decode(b"\\xef\\xbb\\xbfok\\r")
('ok\\n', 'utf-8-sig')
"""

from __future__ import annotations

import codecs
import re

__all__ = ["NotText", "decode", "normalize_newlines", "raw_utf8"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: C0 controls other than tab, newline, carriage return and form feed
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

#: every byte but those controls: what ``bytes.translate`` deletes to find controls quickly
_NOT_CONTROL = bytes(b for b in range(256) if not _CONTROL_RE.match(chr(b)))


class NotText(ValueError):
    """The bytes of a file are not text in any encoding akhbar reads."""


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR line endings into ``\\n``.

    >>> normalize_newlines("a\\r\\nb\\rc")
    'a\\nb\\nc'
    """
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(text: str, *, nul: bool = True) -> bool:
    if nul and "\x00" in text:
        return True
    sample = text[:512]
    if not _CONTROL_RE.search(sample):
        return False
    return len(_CONTROL_RE.findall(sample)) > max(2, len(sample) // 100)


def decode(data: bytes, *, encoding: str | None = None) -> tuple[str, str]:
    """Decode the bytes of a file; return ``(text, encoding)``.

    A byte-order mark wins (UTF-8, UTF-16, UTF-32); then strict UTF-8; then
    Windows-1256, the usual legacy Arabic code page. ``encoding`` forces one.
    Line endings become ``\\n``.

    Raises
    ------
    NotText
        When the bytes hold NULs or control characters that no text has
        (a binary file), or cannot be decoded with the forced ``encoding``.

    >>> decode("ليبيا".encode("utf-16"))
    ('ليبيا', 'utf-16')
    >>> decode(b"\\x00\\x01\\x02\\x03binary")
    Traceback (most recent call last):
    ...
    akhbar.encodings.NotText: binary data (NUL or control bytes), not text
    """
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise NotText(f"cannot decode as {encoding}: {error}") from None
        text = text.removeprefix("\ufeff")
        name = encoding
    else:
        for bom, name in _BOMS:
            if data.startswith(bom):
                try:
                    text = data.decode(name)
                except UnicodeDecodeError as error:
                    raise NotText(f"invalid {name} after its byte-order mark: {error}") from None
                text = text.removeprefix("\ufeff")
                break
        else:
            if b"\x00" in data:  # checked on bytes: UTF-8 and cp1256 text never holds NUL
                raise NotText("binary data (NUL or control bytes), not text")
            try:
                text, name = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                text, name = data.decode("cp1256", errors="replace"), "cp1256"
            if data[:2048].translate(None, _NOT_CONTROL) and _looks_binary(text, nul=False):
                raise NotText("binary data (NUL or control bytes), not text")
            return (normalize_newlines(text) if b"\r" in data else text), name
    if _looks_binary(text):
        raise NotText("binary data (NUL or control bytes), not text")
    return normalize_newlines(text), name


def raw_utf8(data: bytes) -> bool:
    """Whether :func:`decode` would return ``data`` unchanged, if it is valid UTF-8.

    True when the bytes have no byte-order mark, NUL, carriage return or
    control byte near the start: then the text is ``data.decode("utf-8")``
    itself, and a fast parser may work on the bytes (validating them as UTF-8).

    >>> raw_utf8("خبر\\n".encode()), raw_utf8(b"a\\r\\nb"), raw_utf8(codecs.BOM_UTF8 + b"a")
    (True, False, False)
    """
    if b"\r" in data or b"\x00" in data or data.startswith(_BOM_STARTS):
        return False
    return not data[:2048].translate(None, _NOT_CONTROL)


_BOM_STARTS = tuple(bom for bom, _ in _BOMS)
