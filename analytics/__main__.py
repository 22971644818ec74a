"""Entry point for ``python -m analytics``."""
import sys

try:
    from analytics.cli import main
except KeyboardInterrupt:  # Ctrl-C while the libraries load: one line, no traceback
    print("interrupted: stopped before finishing; the store was left as it was", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
