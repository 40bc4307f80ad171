"""`python -m supportbook ...`: the same command tree as the `supportbook` console script (supportbook.cli)."""

from supportbook.cli import main

raise SystemExit(main(prog="python -m supportbook"))
