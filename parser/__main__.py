"""`python -m parser ...` runs the nqparser command line."""

from .cli import main

raise SystemExit(main())
