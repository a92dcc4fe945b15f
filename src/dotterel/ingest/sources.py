"""Turning command-line sources (files, folders, globs, URLs, ``-``) into readable inputs.

Each input gets a format: the one asked for, or (``auto``) one guessed from the file name and,
when the name says nothing, from the first bytes.
"""

from __future__ import annotations

import glob
import os
import sys
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dotterel._version import __version__
from dotterel.records import Reject

#: Input formats; ``auto`` guesses per input.
FORMATS = ("auto", "text", "html", "rss", "jsonl", "csv")
#: Seconds to wait for a feed or page server before giving up on it.
DEFAULT_TIMEOUT = 20.0

_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "rss",
    ".atom": "rss",
    ".xml": "rss",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
}
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Input:
    """One thing to read: a file path, an http(s) URL or standard input (``-``)."""

    location: str
    kind: str  # "file", "url" or "stdin"
    format: str


def sniff(head: bytes) -> str:
    """Guess a format from the first bytes of an input."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"{") or start.startswith(b"["):
        return "jsonl"
    if start.startswith(b"<"):
        sample = start[:2048]
        if b"<rss" in sample or b"<feed" in sample or b"<rdf:rdf" in sample:
            return "rss"
        if start.startswith(b"<?xml") and b"<html" not in sample:
            return "rss"
        return "html"
    return "text"


def _format_for(path: Path, wanted: str) -> str:
    if wanted != "auto":
        return wanted
    by_name = _EXTENSIONS.get(path.suffix.lower())
    if by_name:
        return by_name
    try:
        with path.open("rb") as fh:
            return sniff(fh.read(4096))
    except OSError:
        return "text"


def _walk(folder: Path) -> Iterator[Path]:
    """Regular, non-hidden files under ``folder``, in a stable (sorted) order."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def expand(sources: Iterable[str], fmt: str = "auto") -> Iterator[Input | Reject]:
    """The inputs named by ``sources``; a missing path becomes a :class:`Reject`."""
    for source in sources:
        if source == "-":
            yield Input("-", "stdin", fmt)
        elif source.lower().startswith(("http://", "https://")):
            yield Input(source, "url", fmt)
        elif _GLOB_CHARS & set(source) and not Path(source).exists():
            matches = sorted(glob.glob(source, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                yield Reject(origin=source, stage="read", reason="no file matches this pattern")
            for path in files:
                yield Input(str(path), "file", _format_for(path, fmt))
        else:
            path = Path(source)
            if path.is_dir():
                for file in _walk(path):
                    yield Input(str(file), "file", _format_for(file, fmt))
            elif path.is_file():
                yield Input(str(path), "file", _format_for(path, fmt))
            else:
                yield Reject(origin=source, stage="read", reason="no such file or folder")


def open_stdin() -> BinaryIO:
    """Standard input as bytes."""
    return sys.stdin.buffer


def fetch(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int) -> tuple[bytes, str]:
    """The body and final URL of an http(s) resource, at most ``max_bytes`` long.

    Raises ``OSError`` (network failure, timeout, HTTP error) or ``ValueError`` (too large).
    """
    request = urllib.request.Request(
        url, headers={"User-Agent": f"dotterel/{__version__} (+https://pypi.org/project/dotterel)"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http only)
        body = response.read(max_bytes + 1)
        final = response.geturl()
    if len(body) > max_bytes:
        raise ValueError(f"the response is over the {max_bytes / 1e6:.0f} MB limit")
    return body, final
