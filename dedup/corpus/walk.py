"""Turning the paths a user gives into the inputs to read, in a stable order.

A directory is walked recursively in sorted order; ``--include``/``--exclude`` globs
match the path relative to the directory given (and the file name); inside a git
work tree, files git ignores are skipped; symbolic links to directories are not
followed (so a link loop cannot trap the walk) unless asked. A URL prefix
(``s3://bucket/in/``) is listed through :mod:`dedup.storage`.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from dedup.corpus.textlike import text_like, text_like_name
from dedup.inputs import shard_format
from dedup.storage import is_url


@dataclass(frozen=True)
class Selection:
    """Which files of a walked directory to take."""

    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    follow_links: bool = False
    respect_gitignore: bool = True
    skip: Sequence[str] = ()  # a run's own outputs, never its inputs: ``-o DIR``, ``--report``

    def wants(self, relative: str) -> bool:
        name = os.path.basename(relative)

        def hit(patterns: Sequence[str]) -> bool:
            return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(name, p) for p in patterns)

        return (not self.include or hit(self.include)) and not hit(self.exclude)


def _walk(root: str, selection: Selection) -> Iterator[str]:
    seen: set[tuple[int, int]] = set()
    skipped: set[tuple[int, int]] = set()  # (by inode, whatever the path names them by)
    for path in selection.skip:
        if is_url(path):
            continue  # (a URL's, for a walk of URLs)
        try:
            skipped.add(_identity(os.stat(path)))
        except OSError:
            continue  # (not there yet)
    stack = [root]
    found: list[str] = []
    while stack:
        folder = stack.pop()
        try:
            identity = _identity(os.stat(folder))
            # a loop through a followed link, or a folder not to walk (the root is as
            # named): passed over before it is listed (a last run's -o DIR can be big)
            if identity in seen or (folder != root and identity in skipped):
                continue
            seen.add(identity)
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            if entry.name in (".git", ".hg", ".svn", ".dedup"):
                continue
            try:
                if entry.is_dir(follow_symlinks=selection.follow_links):
                    subfolders.append(entry.path)
                elif entry.is_file(follow_symlinks=selection.follow_links):
                    if skipped and _identity(entry.stat()) in skipped:  # (the file a link leads to, as is_file read it)
                        continue
                    # Reports and data files beside the text are passed over, unless --include chose them.
                    wanted = selection.wants(os.path.relpath(entry.path, root))
                    if wanted and (selection.include or shard_format(entry.name) or text_like(entry.path)):
                        found.append(os.path.normpath(entry.path))
            except OSError:
                continue
        stack.extend(reversed(subfolders))
    yield from sorted(found)


def _identity(info: os.stat_result) -> tuple[int, int]:
    """A file's or folder's identity, whatever path names it."""
    return info.st_dev, info.st_ino


def _walk_url(path: str, selection: Selection) -> list[tuple[str, str]]:
    """A URL: one object as given, or the objects under a prefix (a folder: it ends
    in ``/``, or the store says so), chosen as a walk chooses files, by name alone."""
    from dedup.storage import listing, under, url_key

    found = listing(path)
    if found is None:
        return [(path, path.rstrip("/").rsplit("/", 1)[-1])]
    root = url_key(path)  # (skipped whole, as a folder given is never: -o DIR equal to it is refused later)
    skipped = [key for skip in selection.skip if is_url(skip) and (key := url_key(skip)) != root]  # -o, --report
    return [
        (url, name)
        for url, name in found
        if selection.wants(name)
        and (selection.include or shard_format(name) or text_like_name(name))
        and not (skipped and any(under(url_key(url), skip) for skip in skipped))
    ]


def _git_ignored(paths: Sequence[str]) -> set[str]:
    """The paths git would ignore, if they lie in a work tree; git's absence is no error.

    Names go to git as the bytes they are on disk (``os.fsencode``: a name that is not
    valid UTF-8 is a str with lone surrogates here), NUL-separated both ways.
    """
    if not paths:
        return set()
    import subprocess  # (here: a run on files named one by one never asks git)

    try:
        done = subprocess.run(
            ["git", "check-ignore", "--stdin", "-z"],
            input=b"".join(os.fsencode(p) + b"\0" for p in paths),
            capture_output=True,
            cwd=os.path.dirname(os.path.abspath(paths[0])) or ".",
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if done.returncode not in (0, 1):
        return set()
    return {os.fsdecode(p) for p in done.stdout.split(b"\0") if p}


def expand(paths: Iterable[str], selection: Selection | None = None) -> list[str]:
    """The inputs named by ``paths``: files as given, directories walked in order.

    Paths named explicitly are kept even when a pattern or git would skip them, as
    ``ruff`` and ``black`` do; ``-`` stays ``-``.
    """
    return [path for path, _name in expand_named(paths, selection)]


def expand_named(paths: Iterable[str], selection: Selection | None = None) -> list[tuple[str, str]]:
    """:func:`expand`, with each input's name below the folder it was found in, with
    ``/`` (a path named explicitly: its base name), which is its name in ``-o DIR``.

    >>> expand_named(["notes/a.txt", "-"])
    [('notes/a.txt', 'a.txt'), ('-', '-')]
    """
    selection = selection or Selection()
    result: list[tuple[str, str]] = []
    paths = list(paths)
    for path in paths:
        if is_url(path):
            result.extend(_walk_url(path, selection))
        elif path != "-" and os.path.isdir(path):
            walked = list(_walk(path, selection))
            if selection.respect_gitignore:
                ignored = _git_ignored([os.path.abspath(p) for p in walked])
                walked = [p for p in walked if os.path.abspath(p) not in ignored]
            result.extend((p, os.path.relpath(p, path).replace(os.sep, "/")) for p in walked)
        else:
            result.append((path, os.path.basename(path.rstrip("/")) if path != "-" else path))
    return _once(result) if len(paths) > 1 else result


def _once(named: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each file once, where it first stands, whatever paths name it (a folder and a
    file in it, a file given twice): cleaned in place twice, the second rewrite would
    replace what the first wrote, and count it again. A path that cannot be read stays,
    for the error it gives."""
    seen: set[tuple[int, int]] = set()
    kept = []
    for path, name in named:
        if path != "-" and not is_url(path):
            try:
                identity = _identity(os.stat(path))
            except OSError:
                identity = None
            if identity is not None:
                if identity in seen:
                    continue
                seen.add(identity)
        kept.append((path, name))
    return kept
