"""Planning inputs: which files a list of files and folders names, and where each output goes."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..naming import ignored_reason, output_source_name, stem_owner
from .tasks import INPUT_SUFFIXES


@dataclass(frozen=True, slots=True)
class Planned:
    """An input and where its output goes, relative to the output folder."""

    input: str
    relative: str  # e.g. "2024/q1/nq-12.json" or "a.txt.json" when a.txt and a.pdf share a folder
    refused: str | None = None  # set for a symlink leaving the input folder (reported, not read)


def _is_hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")  # dot-files and Office lock files


class InputPlan:
    """Files to convert from a list of files and folders, with collision-free output names.

    Outputs mirror each input's path relative to the common folder of the arguments (for a single
    folder: that folder), so equal names in different sub-folders never collide. An input's output
    is <stem>.json; when inputs share a stem in one folder (a.txt, a.pdf) one of them keeps
    <stem>.json and the others are written as <stem>.<ext>.json (`clashes` lists them). Which one
    keeps it never changes when a file is added: the input an existing <stem>.json in `outdir`
    was made from, else the first by format (`naming.stem_owner`). Folders are walked lazily, one
    directory at a time, in sorted order. Files of a walked folder that are not read are listed in
    `ignored` with the reason (filled while iterating).
    """

    def __init__(self, paths: Iterable[str], *, outdir: str | None = None,
                 suffixes: Iterable[str] = INPUT_SUFFIXES, ext: str = ".json",
                 follow_symlinks: bool = False) -> None:
        self.paths = [str(p) for p in paths]
        self.follow_symlinks = follow_symlinks
        self.refused: dict[str, str] = {}  # path → reason, filled while walking
        self.suffixes = tuple(s.lower() for s in suffixes)
        self.ext = ext
        self.clashes: list[str] = []
        self.ignored: list[tuple[str, str]] = []
        self._collect = False
        self.outdir = outdir
        self._skip_dirs = set()
        if outdir is not None:
            self._skip_dirs = {os.path.abspath(outdir), os.path.realpath(outdir)}
        roots = []
        for p in self.paths:
            absolute = os.path.abspath(p)
            roots.append(absolute if os.path.isdir(p) else os.path.dirname(absolute))
        self.base = os.path.commonpath(roots) if roots else os.getcwd()

    def missing(self) -> list[str]:
        return [p for p in self.paths if not os.path.exists(p)]

    def _walk(self, top: str) -> Iterator[tuple[str, list[str]]]:
        root = os.path.realpath(top)
        visited: set[str] = set()  # real folders walked: following links must not loop
        for dirpath, dirnames, filenames in os.walk(top, followlinks=self.follow_symlinks):
            real = os.path.realpath(dirpath)
            if real in visited:
                dirnames[:] = []
                continue
            visited.add(real)
            hidden = sorted(d for d in dirnames if _is_hidden(d))
            dirnames[:] = sorted(
                d for d in dirnames
                if not _is_hidden(d) and os.path.abspath(os.path.join(dirpath, d)) not in self._skip_dirs
                and os.path.realpath(os.path.join(dirpath, d)) not in self._skip_dirs
            )
            names = sorted(f for f in filenames
                           if not _is_hidden(f) and os.path.splitext(f)[1].lower() in self.suffixes)
            if self._collect:
                self.ignored.extend((os.path.join(dirpath, d), "hidden folder, not read") for d in hidden)
                self.ignored.extend((os.path.join(dirpath, f), ignored_reason(f, self.suffixes))
                                    for f in sorted(filenames) if f not in names)
            for f in names:
                self._admit(os.path.join(dirpath, f), root)  # a refused one stays listed, to be reported
            if not self.follow_symlinks:  # os.walk does not enter linked folders: say so for outside ones
                outside = [d for d in dirnames if not self._admit(os.path.join(dirpath, d), root)]
                dirnames[:] = [d for d in dirnames if d not in outside]
                names = sorted(names + outside)
            if names:
                yield dirpath, names

    def _admit(self, path: str, root: str) -> bool:
        """False for a symlink leaving `root` (recorded in `refused` unless links are followed)."""
        if not os.path.islink(path):
            return True
        target = os.path.realpath(path)
        if target == root or target.startswith(root.rstrip(os.sep) + os.sep) or self.follow_symlinks:
            return True
        self.refused[path] = (f"symbolic link leaving the input folder (to {target}); "
                              "not followed (use --follow-symlinks)")
        return False

    def count(self) -> int:
        """How many inputs there are (a cheap listing pass, for progress and ETA)."""
        return sum(len(names) for _folder, names in self._entries())

    def _entries(self) -> Iterator[tuple[str, list[str]]]:
        """(folder, names) groups: explicit files grouped by folder first, then walked folders."""
        files: dict[str, list[str]] = {}
        for p in self.paths:
            if os.path.exists(p) and not os.path.isdir(p):  # a FIFO named here is reported, not dropped
                folder, name = os.path.split(p)
                group = files.setdefault(folder, [])
                if name not in group:
                    group.append(name)
        yield from files.items()
        for p in self.paths:
            if os.path.isdir(p):
                yield from self._walk(p)

    def __iter__(self) -> Iterator[Planned]:
        seen: set[str] = set()
        claimed: set[str] = set()
        self.ignored = []
        self._collect = True
        for folder, names in self._entries():
            stems: dict[str, int] = {}
            for name in names:
                key = os.path.splitext(name)[0].casefold()
                stems[key] = stems.get(key, 0) + 1
            reldir = os.path.relpath(os.path.abspath(folder) if folder else os.getcwd(), self.base)
            for name in names:
                path = os.path.join(folder, name)
                absolute = os.path.abspath(path)
                if absolute in seen:  # a file given directly and also inside a given folder
                    continue
                seen.add(absolute)
                stem = os.path.splitext(name)[0]
                out = stem + self.ext
                if stems[stem.casefold()] > 1 and stem_owner(
                        [n for n in names if os.path.splitext(n)[0].casefold() == stem.casefold()],
                        self._existing(os.path.join(reldir, out))) != name:
                    out = name + self.ext
                    if len(self.clashes) < 20:
                        self.clashes.append(path)
                rel = os.path.normpath(os.path.join(reldir, out))
                n = 2
                while rel.casefold() in claimed:  # only reachable with odd argument mixes
                    rel = os.path.normpath(os.path.join(reldir, f"{name}.{n}{self.ext}"))
                    n += 1
                claimed.add(rel.casefold())
                yield Planned(str(Path(path)), rel, self.refused.get(path))
        self._collect = False

    def _existing(self, rel: str) -> str | None:
        """The input file name an output already in `outdir` was made from (keeps names stable)."""
        if self.outdir is None:
            return None
        return output_source_name(os.path.join(self.outdir, rel))

