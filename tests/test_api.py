"""The Python API's surface: what ``import dedup`` shows, and the errors a caller who
passes the wrong type gets (issue #16, "What a new user hit")."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import dedup

TEXT = "The council approved the new budget on Tuesday evening, after a long debate.\n"


@pytest.mark.parametrize(
    ("value", "given"),
    [
        (TEXT.encode(), "bytes"),
        (bytearray(TEXT.encode()), "bytearray"),
        (None, "NoneType"),
        (3, "int"),
        ([TEXT], "list"),
    ],
)
def test_clean_names_what_it_got_and_what_it_takes(value: object, given: str) -> None:
    with pytest.raises(TypeError) as caught:
        dedup.clean(value)  # type: ignore[arg-type]
    message = str(caught.value)
    assert message.startswith(f"dedup.clean() takes the text as str, got {given}")


def test_bytes_get_the_remedy() -> None:
    # README: "clean takes str, so you decode the file yourself".
    with pytest.raises(TypeError, match=re.escape("decode it first, e.g. data.decode('utf-8')")):
        dedup.clean(TEXT.encode())


def test_a_config_that_is_not_one_is_named() -> None:
    with pytest.raises(TypeError, match=r"takes config as a dedup\.Config or None, got dict"):
        dedup.clean(TEXT, {"threshold": 0.95})  # type: ignore[arg-type]


def test_a_str_subclass_is_text() -> None:
    class Text(str):
        pass

    assert dedup.clean(Text(TEXT + "\n" + TEXT)).text == TEXT


def test_version_is_the_installed_distributions() -> None:
    from importlib.metadata import version

    assert dedup.__version__ == version("dedup-text")
    assert "__version__" in dir(dedup)


def test_version_without_an_installed_distribution() -> None:
    # A source tree that was never installed: importlib.metadata finds no dedup-text.
    code = (
        "import importlib.metadata as m\n"
        "def missing(name):\n"
        "    raise m.PackageNotFoundError(name)\n"
        "m.version = missing\n"
        "import dedup\n"
        "print(dedup.__version__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout == "0+unknown\n"


def test_dir_shows_the_public_names_only() -> None:
    dedup.clean(TEXT)  # binds submodules (dedup.config, dedup.text...) as attributes
    shown = dir(dedup)
    assert shown == sorted([*dedup.__all__, "__version__"])
    assert not {"TYPE_CHECKING", "annotations", "config", "text"} & set(shown)
    assert all(not name.startswith("_") or name == "__version__" for name in shown)


def test_every_public_name_resolves() -> None:
    for name in dedup.__all__:
        assert getattr(dedup, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        dedup.nope  # type: ignore[attr-defined]  # noqa: B018
