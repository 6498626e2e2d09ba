"""`python -m nqparser ...` runs the nqparser command line."""

from .cli import run

run()
