"""Cheap pickling for the small frozen dataclasses that cross between processes.

A dataclass with ``slots=True`` pickles through ``__getstate__``/``__setstate__``
methods that call :func:`dataclasses.fields` for every object, both ways; a chunk of a
corpus sends tens of thousands of them (records, results, findings, summaries).
:func:`by_fields` pickles one as its class and its field values instead, which also
runs ``__init__`` on the way in, so a frozen object stays a valid one.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")


def by_fields(cls: type[T]) -> type[T]:
    """Class decorator (put it above ``@dataclass``): pickle instances as
    ``cls(*field values)``.

    >>> from dataclasses import dataclass
    >>> @by_fields
    ... @dataclass(frozen=True, slots=True)
    ... class Point:
    ...     x: int
    ...     y: int = 0
    >>> Point(1, 2).__reduce__() == (Point, (1, 2))
    True
    """
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    if len(names) == 1:
        (name,) = names

        def reduce(self: Any) -> tuple[type[T], tuple[Any, ...]]:
            return cls, (getattr(self, name),)

    else:
        values = attrgetter(*names)

        def reduce(self: Any) -> tuple[type[T], tuple[Any, ...]]:
            return cls, values(self)

    cls.__reduce__ = reduce  # type: ignore[method-assign]
    return cls
