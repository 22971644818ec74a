"""Read a corpus folder (or uploaded files) into Article records.

Text files are decoded with a real detector (charset-normalizer) after a strict UTF-8 attempt, so
GB18030/GBK and Big5 files read correctly; empty, binary, oversized, undecodable and non-Chinese
inputs are skipped with a one-line reason naming the file instead of corrupting the store.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer

from analytics.markdown import markdown_to_text

TEXT_SUFFIXES = {".txt", ".md"}
TABLE_SUFFIXES = {".csv", ".jsonl"}
MAX_BYTES = 20 * 1024 * 1024
MAX_FIELD_CHARS = 2_000_000  # one CSV cell longer than this is not an article: that row alone is skipped
MIN_CJK_CHARS = 50  # enough Chinese text to analyse (a glossed English word list has hundreds)...
MIN_CJK_WORD_SHARE = 0.3  # ...when CJK characters are this share of CJK characters plus Latin words
MIN_CJK_SHARE = 0.2  # or: this share of all letters is CJK (short all-Chinese texts)
_LATIN_WORD = re.compile(r"[A-Za-z]+")
META_FIELDS = ("title", "outlet", "author", "published", "url", "platform")
MANIFEST = "manifest.csv"
SETTINGS = "corpus.toml"  # which domain packs a corpus uses (analytics.packs), not an article


@dataclass
class Article:
    """One article as read from disk: raw text plus any metadata the source states explicitly."""

    article_id: str
    path: str
    raw: str
    encoding: str = "utf-8"
    meta: dict[str, str] = field(default_factory=dict)
    manifest: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Skipped:
    """A file (or row) that was not read, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"skipped {printable(self.path)}: {printable(self.reason)}"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """Text with line breaks and other control characters escaped (``\\n``), so a file name can never
    forge an extra line in a one-line-per-file report."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], str(text))


@dataclass
class CorpusRead:
    articles: list[Article]
    skipped: list[Skipped]


class DecodeError(ValueError):
    """Raised with a human-readable reason when bytes cannot be turned into Chinese text."""


def _cjk_count(text: str) -> tuple[int, float, float]:
    """CJK characters in text, their share of its letters, and their share of CJK characters + Latin words."""
    n_letters = cjk = 0
    for c, n in Counter(text).items():  # each distinct character tested once (C-speed counting)
        if not c.isspace() and not c.isdigit() and c.isprintable():
            n_letters += n
            if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff":
                cjk += n
    words = len(_LATIN_WORD.findall(text))
    return cjk, (cjk / n_letters if n_letters else 0.0), (cjk / (cjk + words) if cjk + words else 0.0)


def is_chinese(text: str) -> bool:
    """Chinese enough to analyse: MIN_CJK_CHARS CJK characters that are not drowned in English (a word
    list glossed in Chinese is read; an English report naming 华为 is not), or a mostly-CJK short text."""
    cjk, share, word_share = _cjk_count(text)
    return (cjk >= MIN_CJK_CHARS and word_share >= MIN_CJK_WORD_SHARE) or (cjk > 0 and share >= MIN_CJK_SHARE)


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return True
    ctrl = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return ctrl > len(head) * 0.05


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise DecodeError naming the reason."""
    if not data.strip():
        raise DecodeError("empty file")
    if len(data) > MAX_BYTES:
        raise DecodeError(f"too large ({len(data) / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB)")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if _looks_binary(data):
        raise DecodeError("binary content, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(
        data, cp_isolation=["gb18030", "big5", "big5hkscs", "utf_16", "utf_8"]
    ).best()
    if best is None:
        raise DecodeError("undecodable: not UTF-8, GB18030/GBK or Big5")
    enc = best.encoding
    if enc in {"gb2312", "gbk"}:
        enc = "gb18030"
    return data.decode(enc, errors="replace"), enc


def text_to_article(article_id: str, path: str, data: bytes, meta: dict[str, str] | None = None) -> Article:
    """Decode one text file's bytes into an Article, raising DecodeError for unusable input."""
    text, enc = decode_bytes(data)
    if not is_chinese(text):
        cjk, share, _ = _cjk_count(text)
        raise DecodeError(f"not Chinese text ({cjk} CJK characters, {share:.0%} of letters)")
    return Article(article_id, path, text, enc, dict(meta or {}))


ROW_ALIASES = {"published": ("date", "pubdate", "pub_date", "publish_time", "published_at", "datetime"),
               "title": ("headline",), "outlet": ("source", "media", "publisher"), "url": ("link",)}


def _row_meta(row: dict) -> dict[str, str]:
    """A row's metadata, under the contract's names or their common aliases (date, headline, source...)."""
    out = {}
    for k in META_FIELDS:
        for name in (k, *ROW_ALIASES.get(k, ())):
            if row.get(name) not in (None, ""):
                out[k] = str(row[name]).strip()
                break
    return out


def _rows_to_articles(stem: str, path: str, rows: list[tuple[int, object]]) -> CorpusRead:
    """Turn table rows (line number, parsed row) into articles, skipping malformed rows."""
    articles, skipped, seen = [], [], set()
    for line, row in rows:
        where = f"{path}:{line}"
        if isinstance(row, str):
            skipped.append(Skipped(where, row))
            continue
        if not isinstance(row, dict):
            skipped.append(Skipped(where, "row is not an object with a 'text' field"))
            continue
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            skipped.append(Skipped(where, "missing or empty 'text'"))
            continue
        rid = str(row.get("article_id") or row.get("id") or line).strip()
        article_id = f"{stem}-{rid}"
        if article_id in seen:
            skipped.append(Skipped(where, f"duplicate row id {rid!r}"))
            continue
        try:
            art = text_to_article(article_id, where, text.encode("utf-8"), _row_meta(row))
        except DecodeError as exc:
            skipped.append(Skipped(where, str(exc)))
            continue
        seen.add(article_id)
        articles.append(art)
    return CorpusRead(articles, skipped)


def read_table_file(name: str, data: bytes) -> CorpusRead:
    """Read a .csv or .jsonl file with one article per row (column/key ``text`` required)."""
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    try:
        text, _ = decode_bytes(data)
    except DecodeError as exc:
        return CorpusRead([], [Skipped(name, str(exc))])
    rows: list[tuple[int, object]] = []
    if suffix == ".jsonl":
        for no, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rows.append((no, json.loads(line)))
            except json.JSONDecodeError as exc:
                rows.append((no, f"invalid JSON: {exc.msg}"))
    else:
        csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))  # no cell of a readable file hits it
        reader = csv.DictReader(io.StringIO(text), strict=True)
        try:
            header = reader.fieldnames
        except csv.Error as exc:
            return CorpusRead([], [Skipped(name, f"malformed CSV header: {exc}")])
        if not header or "text" not in [f.strip() for f in header]:
            return CorpusRead([], [Skipped(name, "CSV has no 'text' column")])
        last = reader.line_num
        try:
            for row in reader:
                last = reader.line_num
                if None in row:
                    rows.append((reader.line_num, f"malformed row: {len(header) + len(row[None])} fields, "
                                                  f"the header has {len(header)}"))
                    continue
                longest = max(row, key=lambda k: len(row[k] or ""))
                if len(row[longest] or "") > MAX_FIELD_CHARS:
                    rows.append((reader.line_num, f"field {(longest or '').strip()!r} has {len(row[longest]):,} "
                                                  f"characters (limit {MAX_FIELD_CHARS:,})"))
                    continue
                rows.append((reader.line_num, {(k or "").strip(): v for k, v in row.items()}))
        except csv.Error as exc:
            rows.append((last + 1, f"malformed CSV ({exc}); the rest of the file was not read"))
    return _rows_to_articles(stem, name, rows)


def read_bytes(name: str, data: bytes) -> CorpusRead:
    """Read one named file's bytes (a corpus file or an upload) into articles."""
    suffix = Path(name).suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return read_table_file(name, data)
    if suffix not in TEXT_SUFFIXES:
        return CorpusRead([], [Skipped(name, f"unsupported file type {suffix or '(none)'}")])
    try:
        art = text_to_article(Path(name).stem, name, data)
    except DecodeError as exc:
        return CorpusRead([], [Skipped(name, str(exc))])
    if suffix == ".md":
        art.raw, title = markdown_to_text(art.raw)
        if title:
            art.meta["title"] = title
    return CorpusRead([art], [])


def read_manifest(corpus: Path) -> dict[str, dict[str, str]]:
    """Metadata verified by a person, keyed by article_id; it wins over inference."""
    path = corpus / MANIFEST
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {
            row["article_id"].strip(): {k: v.strip() for k, v in row.items() if k != "article_id" and v and v.strip()}
            for row in csv.DictReader(fh)
            if row.get("article_id")
        }


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def _why_not_read(path: Path, root: Path) -> str | None:
    """Why a folder entry is not read as an article (hidden, subfolder, FIFO, broken or outside link,
    too large), or None for a regular file inside the corpus."""
    if path.name.startswith("."):
        return "hidden file, not read"
    try:
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                return "broken link (its target does not exist)"
            if not target.is_relative_to(root):
                return "link to a file outside the corpus folder, not followed"
        info = os.stat(path)
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"
    if stat.S_ISDIR(info.st_mode):
        return "folder: subfolders are not read"
    for test, kind in _KINDS:
        if test(info.st_mode):
            return f"not a regular file ({kind})"
    if info.st_size > MAX_BYTES:
        return f"too large ({info.st_size / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB)"
    return None


def read_corpus(corpus: Path | str) -> CorpusRead:
    """Read every supported file in a folder (sorted, non-recursive) plus its manifest; every other entry
    (hidden, subfolder, FIFO, broken link, link out of the folder, unreadable) is skipped with its reason."""
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    root = corpus.resolve()
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for path in sorted(corpus.iterdir()):
        if path.name in (MANIFEST, SETTINGS):
            continue
        why = _why_not_read(path, root)
        if why is None and path.suffix.lower() not in TEXT_SUFFIXES | TABLE_SUFFIXES:
            why = f"unsupported file type {path.suffix or '(none)'}"
        if why is None:
            try:
                data = path.read_bytes()
            except OSError as exc:
                why = f"unreadable: {exc.strerror or exc}"
        if why is not None:
            skipped.append(Skipped(str(path), why))
            continue
        read = read_bytes(str(path), data)
        articles.extend(read.articles)
        skipped.extend(read.skipped)
    manifest = read_manifest(corpus)
    ids = set()
    unique: list[Article] = []
    for art in articles:
        if art.article_id in ids:
            skipped.append(Skipped(art.path, f"duplicate article_id {art.article_id!r}"))
            continue
        ids.add(art.article_id)
        if art.article_id in manifest:
            art.manifest = dict(manifest[art.article_id])
        unique.append(art)
    return CorpusRead(unique, skipped)
