"""Optional domain packs: curated entities, aliases and segmenter words for one story or beat.

A pack is a folder here (``ai2025/``) holding ``entities.json`` and/or ``userdict.txt``. A corpus
switches packs on in its ``corpus.toml`` (``packs = ["ai2025"]``); general code works without any.
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

PACKS = Path(__file__).parent
CORPUS_FILE = "corpus.toml"
_active: tuple[str, ...] = ()


def available() -> list[str]:
    """Names of the packs shipped with the package."""
    return sorted(p.name for p in PACKS.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def pack_dir(name: str) -> Path:
    """The folder of pack ``name``; unknown names raise ValueError."""
    if name not in available():
        raise ValueError(f"unknown domain pack {name!r} (available: {', '.join(available()) or 'none'})")
    return PACKS / name


@lru_cache(maxsize=64)
def _read_corpus_file(path: str, mtime: float) -> tuple[str, ...]:
    doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    names = doc.get("packs", [])
    if isinstance(names, str):
        names = [names]
    return tuple(pack_dir(str(n)).name for n in names)


def corpus_packs(folder: Path | str) -> tuple[str, ...]:
    """Packs a corpus folder asks for in its corpus.toml (none when the file is absent)."""
    path = Path(folder) / CORPUS_FILE
    if not path.is_file():
        return ()
    return _read_corpus_file(str(path.resolve()), path.stat().st_mtime)


def active() -> tuple[str, ...]:
    """The packs in use now (sorted names)."""
    return _active


def activate(names: Iterable[str]) -> tuple[str, ...]:
    """Use exactly ``names``; their words join the shared segmenter (which never forgets a word)."""
    global _active
    from analytics import segment

    chosen = tuple(sorted({pack_dir(n).name for n in names}))
    for name in chosen:
        userdict = PACKS / name / "userdict.txt"
        if userdict.exists():
            segment.add_userdict(userdict)
    _active = chosen
    return chosen


def activate_for(paths: Iterable[str]) -> tuple[str, ...]:
    """Use the packs the corpus folders of these article files ask for (none for uploads)."""
    folders = {str(Path(str(p)).parent) for p in paths if p}
    names = {n for f in folders for n in corpus_packs(f)}
    if names != set(_active):
        activate(names)
    return _active


@contextmanager
def using(names: Iterable[str]) -> Iterator[tuple[str, ...]]:
    """Use ``names`` inside a ``with`` block, then restore the previous packs."""
    before = _active
    try:
        yield activate(names)
    finally:
        activate(before)
