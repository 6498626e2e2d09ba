"""The grammar files (*.toml), installed as the data package `nqparser.grammars`; no code.

A regular package rather than a namespace one so that setuptools' editable finder maps it to
this folder as well (`nqparser.rules.grammar_dir` finds it through the import system)."""
