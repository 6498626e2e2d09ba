"""A registry of the process's caches, so that the pipeline can clear or fill them by kind
instead of naming each module's private functions.

Two kinds: per-line caches (answers about a line of text: classification, folds, number-word
keys) that a benchmark clears to measure documents that share no line, and grammar caches
(vocabularies and patterns built from the grammar files) that must be forgotten when another
grammar is put in use and that `pipeline.warm_up` fills before a batch forks its workers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any, Protocol, TypeVar


class _Cached(Protocol):
    def cache_clear(self) -> None: ...


F = TypeVar("F", bound=Callable[..., Any])

_PER_LINE: list[_Cached] = []
_PER_GRAMMAR: list[tuple[Any, bool]] = []  # (cached function, whether it takes no argument)


def per_line(maxsize: int) -> Callable[[F], F]:
    """`functools.lru_cache(maxsize)`, registered so that `clear_per_line` forgets it."""

    def wrap(fn: F) -> F:
        cached = lru_cache(maxsize=maxsize)(fn)
        _PER_LINE.append(cached)
        return cached  # type: ignore[return-value]

    return wrap


def register_per_line(cached: F) -> F:
    """Register an already cached function (one with `cache_clear`) as a per-line cache."""
    _PER_LINE.append(cached)  # type: ignore[arg-type]
    return cached


def per_grammar(fn: F) -> F:
    """`functools.cache` for a value built from the grammar files: forgotten when the grammar
    changes, and (if it takes no argument) built by `fill_per_grammar`."""
    cached = cache(fn)
    _PER_GRAMMAR.append((cached, fn.__code__.co_argcount == 0))
    return cached  # type: ignore[return-value]


def per_grammar_on_demand(fn: F) -> F:
    """`per_grammar`, but never built by `fill_per_grammar`: for a costly value that most runs
    never need (the gazetteer, read only for an issuer below province level)."""
    cached = cache(fn)
    _PER_GRAMMAR.append((cached, False))
    return cached  # type: ignore[return-value]


def clear_per_line() -> None:
    for cached in _PER_LINE:
        cached.cache_clear()


def clear_per_grammar() -> None:
    for cached, _ in _PER_GRAMMAR:
        cached.cache_clear()


def fill_per_grammar() -> None:
    """Build every registered grammar value that takes no argument (the ones that do are built
    on demand), and compile the patterns of a value that compiles lazily (has `compile_all`)."""
    for cached, no_argument in _PER_GRAMMAR:
        if no_argument:
            compile_all = getattr(cached(), "compile_all", None)
            if compile_all is not None:
                compile_all()
