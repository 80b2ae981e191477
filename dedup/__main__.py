"""``python -m dedup``."""

from dedup.cli import main

raise SystemExit(main())
