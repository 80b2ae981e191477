"""Golden tests over the example corpus in ``examples/``.

Every ``examples/NAME.txt`` that has a ``NAME.expected.txt`` is a case: cleaning it
(with the options in ``NAME.options.json``, if any) must give exactly the expected
bytes, and cleaning the expected output must change nothing. The expected outputs
were built from the rule by ``examples/make_examples.py``, which must regenerate
every file byte for byte.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import dedup

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SUFFIX = ".expected.txt"

# name -> reason, for cases where the engine is known to disagree with the rule.
XFAIL: dict[str, str] = {}


def _inputs() -> list[Path]:
    return sorted(
        path
        for path in EXAMPLES.glob("*.txt")
        if not path.name.endswith(SUFFIX) and path.with_name(path.stem + SUFFIX).is_file()
    )


def _options(path: Path) -> dict[str, Any]:
    options_path = path.with_name(path.stem + ".options.json")
    if not options_path.is_file():
        return {}
    options = json.loads(options_path.read_text(encoding="utf-8"))
    assert isinstance(options, dict)
    return options


def _params() -> list[Any]:
    return [
        pytest.param(
            path,
            id=path.stem,
            marks=[pytest.mark.xfail(strict=True, reason=XFAIL[path.stem])]
            if path.stem in XFAIL
            else [],
        )
        for path in _inputs()
    ]


def _decode(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_dedup_make_examples", EXAMPLES / "make_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it runs
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_corpus_is_there() -> None:
    names = [path.stem for path in _inputs()]
    assert len(names) >= 20
    assert not set(XFAIL) - set(names), "XFAIL names a case that does not exist"


@pytest.mark.parametrize("path", _params())
def test_golden(path: Path) -> None:
    expected = path.with_name(path.stem + SUFFIX).read_bytes()
    result = dedup.clean(_decode(path), **_options(path))
    assert result.text.encode("utf-8") == expected


@pytest.mark.parametrize("path", _params())
def test_expected_is_a_fixpoint(path: Path) -> None:
    expected = _decode(path.with_name(path.stem + SUFFIX))
    result = dedup.clean(expected, **_options(path))
    assert result.text == expected
    assert result.findings == ()


def test_readme_lists_every_case() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    missing = [path.stem for path in _inputs() if f"`{path.stem}`" not in readme]
    assert not missing


def test_make_examples_regenerates_identical_files(tmp_path: Path) -> None:
    generator = _load_generator()
    written = generator.generate(tmp_path)
    assert written, "the generator wrote nothing"
    generated = {path.name for path in tmp_path.iterdir()}
    on_disk = {
        path.name
        for path in EXAMPLES.iterdir()
        if path.name.endswith((".txt", ".options.json"))
    }
    assert generated == on_disk
    for name in sorted(generated):
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), name


def test_make_examples_is_deterministic(tmp_path: Path) -> None:
    generator = _load_generator()
    first = {p.name: p.read_bytes() for p in generator.generate(tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in generator.generate(tmp_path / "b")}
    assert first == second
