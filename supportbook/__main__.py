"""`python -m supportbook ...`: see supportbook.cli."""

from supportbook.cli import main

raise SystemExit(main())
