"""The upload worker process: started once by the dashboard (``python -m analytics.upload_worker``),
warmed once (dictionaries, tone model), then for each job read from stdin it forks a child at low CPU
priority that analyses the upload and writes progress and the outcome back; the child's exit frees
the job's memory. Messages are pickles on the original stdout; anything libraries print goes to stderr."""
from __future__ import annotations

import os
import pickle
import sys
import traceback
from pathlib import Path


def _send(out, kind: str, value: object) -> None:
    pickle.dump((kind, value), out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def _job(out, args: tuple) -> None:
    from analytics import uploads

    db, files, earlier, used_chars = args
    try:
        outcome = uploads.analyse(Path(db), files, earlier, used_chars, lambda f, t: _send(out, "progress", (f, t)))
        outcome.peak_rss_mb, outcome.cpu_s = uploads.usage()
        _send(out, "done", outcome)
    except uploads.LimitError as exc:
        _send(out, "error", str(exc))
    except Exception as exc:  # one line for the visitor, the traceback for the server log
        traceback.print_exc(file=sys.stderr)
        _send(out, "error", f"{type(exc).__name__}: {exc}")


def main() -> None:
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    jobs = sys.stdin.buffer
    os.nice(int(os.environ.get("UPLOAD_NICE", "10")))
    import analytics.warm  # noqa: F401  (loads everything once; children inherit it)

    _send(out, "ready", os.getpid())
    while True:
        try:
            args = pickle.load(jobs)
        except EOFError:
            return
        pid = os.fork()
        if pid == 0:
            try:
                _job(out, args)
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        _send(out, "exit", os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
