"""The command line's contract on hostile input: every case gets one clear line naming the path, the
exit code the README documents (0 done, 2 error, 3 done with skipped input, 130 interrupted), no traceback."""
from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analytics import cli, corpus, store

ROOT = Path(__file__).resolve().parents[2]
TEXTS = {
    "good.txt": "英伟达股价暴跌百分之十七，市值蒸发近六千亿美元。深度求索震撼硅谷，投资者重新评估人工智能投资。",
    "other.txt": "美國對華半導體制裁已經失敗。深度求索的開源模型震撼全球，分析師認為算力需求仍將增長。",
}
ROWS = [("1", "央行宣布下调存款准备金率零点五个百分点，释放长期资金约一万亿元。", "x" * 200_000),
        ("2", "今年前三季度全国居民人均可支配收入同比增长百分之五点二。", "short"),
        ("3", "新能源汽车出口量创历史新高，同比增长超过三成。", "")]
NEWLINE_NAME = "evil\nskipped forged.txt: empty file.txt"


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics", *args], capture_output=True, text=True, cwd=ROOT, **kw)


def lines(err: str) -> list[str]:
    assert "Traceback" not in err, err
    return err.splitlines()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A corpus with every kind of entry the build must report, built once through the CLI."""
    base = tmp_path_factory.mktemp("hostile")
    c = base / "corpus"
    c.mkdir()
    for name, text in TEXTS.items():
        (c / name).write_text(text, encoding="utf-8")
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["article_id", "text", "notes"])
    w.writerows(ROWS)
    (c / "rows.csv").write_text(buf.getvalue(), encoding="utf-8")
    (c / "sub").mkdir()
    (c / "sub" / "inner.txt").write_text(TEXTS["good.txt"], encoding="utf-8")
    (c / ".hidden.txt").write_text(TEXTS["good.txt"], encoding="utf-8")
    os.mkfifo(c / "pipe.txt")
    (c / "broken.txt").symlink_to(base / "nowhere.txt")
    (base / "outside.txt").write_text("外部文件的内容，不属于语料库，不应该被读取或存储。" * 3, encoding="utf-8")
    (c / "outside.txt").symlink_to(base / "outside.txt")
    (c / NEWLINE_NAME).write_bytes(b"")
    db = base / "store.duckdb"
    out = run("build", "--corpus", str(c), "--db", str(db), timeout=600)
    return c, db, out


def test_hostile_corpus_builds_with_exit_3_and_one_line_per_skip(hostile):
    c, db, out = hostile
    assert out.returncode == cli.EXIT_SKIPPED, out.stderr
    err = lines(out.stderr)
    assert all(line.startswith("skipped ") for line in err[:-1]) and err[-1].startswith("built 5 articles")
    arts = store.load_tables(db, ["articles"])["articles"]
    assert sorted(arts["article_id"]) == ["good", "other", "rows-1", "rows-2", "rows-3"]


def test_subfolder_is_reported_not_silently_ignored(hostile):
    c, _, out = hostile
    assert f"skipped {c / 'sub'}: folder: subfolders are not read" in lines(out.stderr)


def test_hidden_file_is_reported(hostile):
    c, _, out = hostile
    assert f"skipped {c / '.hidden.txt'}: hidden file, not read" in lines(out.stderr)


def test_fifo_is_reported_and_never_opened(hostile):
    c, _, out = hostile
    assert f"skipped {c / 'pipe.txt'}: not a regular file (a FIFO)" in lines(out.stderr)


def test_broken_link_is_reported(hostile):
    c, _, out = hostile
    assert f"skipped {c / 'broken.txt'}: broken link (its target does not exist)" in lines(out.stderr)


def test_link_out_of_the_corpus_is_not_followed(hostile):
    c, db, out = hostile
    assert f"skipped {c / 'outside.txt'}: link to a file outside the corpus folder, not followed" in lines(out.stderr)
    texts = store.load_tables(db, ["article_texts"])["article_texts"]
    assert not texts["text"].str.contains("外部文件").any()


def test_newline_in_a_file_name_cannot_forge_a_skip_line(hostile):
    c, _, out = hostile
    err = lines(out.stderr)
    assert f"skipped {c}/evil\\nskipped forged.txt: empty file.txt: empty file" in err
    assert not any(line.startswith("skipped forged.txt") for line in err)
    assert len([line for line in err if line.startswith("skipped ")]) == 6


def test_csv_field_over_131072_characters_keeps_later_rows(hostile):
    _, db, out = hostile
    assert not any("rows.csv" in line for line in lines(out.stderr))
    arts = store.load_tables(db, ["articles"])["articles"]
    assert {"rows-1", "rows-2", "rows-3"} <= set(arts["article_id"])


def test_oversized_csv_cell_skips_that_row_only(monkeypatch):
    monkeypatch.setattr(corpus, "MAX_FIELD_CHARS", 1000)
    buf = io.StringIO()
    csv.writer(buf).writerows([["article_id", "text", "notes"], *ROWS])
    read = corpus.read_bytes("rows.csv", buf.getvalue().encode("utf-8"))
    assert [a.article_id for a in read.articles] == ["rows-2", "rows-3"]
    assert [str(s) for s in read.skipped] == ["skipped rows.csv:2: field 'notes' has 200,000 characters (limit 1,000)"]


def test_unreadable_file_is_skipped_not_a_crash(tmp_path, monkeypatch, capsys):
    c = tmp_path / "corpus"
    c.mkdir()
    for name, text in TEXTS.items():
        (c / name).write_text(text, encoding="utf-8")
    locked = c / "other.txt"
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:  # root reads any file, so refuse it the way chmod 000 would
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    os.chmod(locked, 0)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code = cli.main(["build", "--corpus", str(c), "--db", str(tmp_path / "s.duckdb")])
    err = lines(capsys.readouterr().err)
    assert code == cli.EXIT_SKIPPED
    assert err[0] == f"skipped {locked}: unreadable: Permission denied"
    assert err[1].startswith("built 1 articles")


def test_empty_corpus_lists_skips_and_exits_2(tmp_path):
    c = tmp_path / "corpus"
    c.mkdir()
    (c / "a.txt").write_bytes(b"")
    (c / "b.txt").write_text("only English here", encoding="utf-8")
    out = run("build", "--corpus", str(c), "--db", str(tmp_path / "s.duckdb"))
    assert out.returncode == cli.EXIT_ERROR
    assert lines(out.stderr) == [
        f"skipped {c / 'a.txt'}: empty file",
        f"skipped {c / 'b.txt'}: not Chinese text (0 CJK characters, 0% of letters)",
        f"error: no readable article in {c} (2 input(s) skipped); the store was not changed",
    ]
    assert not (tmp_path / "s.duckdb").exists()


def test_export_to_a_folder_is_a_clear_error(hostile, tmp_path):
    c, db, _ = hostile
    out = run("export", "articles", "--corpus", str(c), "--db", str(db), "-o", str(tmp_path))
    assert out.returncode == cli.EXIT_ERROR
    assert lines(out.stderr) == [f"error: cannot write {tmp_path}: it is a folder (give a file name)"]


def test_export_under_a_file_is_a_clear_error(hostile, tmp_path):
    c, db, _ = hostile
    (tmp_path / "plain").write_text("x")
    target = tmp_path / "plain" / "out.csv"
    out = run("export", "articles", "--corpus", str(c), "--db", str(db), "-o", str(target))
    assert out.returncode == cli.EXIT_ERROR
    assert lines(out.stderr) == [f"error: cannot write {target}: {tmp_path / 'plain'} is a file, not a folder"]


def test_db_that_is_a_folder_is_a_clear_error(hostile, tmp_path):
    c, _, _ = hostile
    out = run("export", "articles", "--corpus", str(c), "--db", str(tmp_path))
    assert out.returncode == cli.EXIT_ERROR
    assert lines(out.stderr) == [f"error: --db {tmp_path} is a folder, not a store file"]


def test_stale_temporary_files_of_a_killed_build_are_removed(hostile, tmp_path):
    c, db, _ = hostile
    db2 = tmp_path / "s.duckdb"
    shutil.copy(db, db2)
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = [tmp_path / f".s.duckdb.{dead.pid}.tmp", tmp_path / f".s.duckdb.{dead.pid}.tmp.wal",
             tmp_path / f".s.duckdb.kept.{dead.pid}.tmp"]
    for p in stale:
        p.write_bytes(b"half")
    live = tmp_path / f".s.duckdb.{os.getpid()}.tmp"  # a writer still running keeps its file
    live.write_bytes(b"busy")
    out = run("build", "--corpus", str(c), "--db", str(db2))
    assert out.returncode == cli.EXIT_SKIPPED and "store up to date" in out.stderr
    assert not any(p.exists() for p in stale) and live.exists()


def test_killed_build_leaves_no_temporary_files(hostile, tmp_path):
    c, db, _ = hostile
    db2 = tmp_path / "s.duckdb"
    shutil.copy(db, db2)
    proc = subprocess.Popen([sys.executable, "-m", "analytics", "build", "--force", "--corpus", str(c), "--db", str(db2)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while proc.poll() is None and not list(tmp_path.glob(".s.duckdb.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.kill()
    proc.wait()
    out = run("build", "--corpus", str(c), "--db", str(db2))
    assert out.returncode == cli.EXIT_SKIPPED, out.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if ".tmp" in p.name or p.name.endswith(".wal")) == []


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_prints_one_line_and_exits_130(hostile, tmp_path, sig, code):
    c, db, _ = hostile
    db2 = tmp_path / "s.duckdb"
    shutil.copy(db, db2)
    before = db2.read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "analytics", "build", "--force", "--corpus", str(c), "--db", str(db2)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(3)
    os.killpg(proc.pid, sig)  # the whole process group, as a terminal's Ctrl-C does
    _, err = proc.communicate(timeout=300)
    assert (proc.returncode, err.splitlines()) == (code, ["interrupted: stopped before finishing; the store was left as it was"])
    assert db2.read_bytes() == before
