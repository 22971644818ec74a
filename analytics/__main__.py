"""Entry point for ``python -m analytics``."""
import signal
import sys


def _stop(signum: int, frame) -> None:
    raise KeyboardInterrupt(signum)


signal.signal(signal.SIGTERM, _stop)
try:
    from analytics.cli import main
except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM while the libraries load: one line, no traceback
    print("interrupted: stopped before finishing; the store was left as it was", file=sys.stderr)
    sys.exit(128 + int(exc.args[0]) if exc.args else 130)

sys.exit(main())
