"""Baselines: accept the findings a corpus has today, fail only on new ones.

A finding is identified by a fingerprint of its removed text's normal form (and of
the document it is in), not by its position, so moving or re-wrapping text does not
make an accepted finding new again. The file is JSON:
``{"version": 1, "fingerprints": {"<fingerprint>": "<path>:<lines>", ...}}``; the
values only help a person read it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

from dedup.errors import ConfigError
from dedup.report.model import FileReport, Located, Report
from dedup.text.normalize import normalize

BASELINE_VERSION = 1


def fingerprint(file: FileReport, located: Located) -> str:
    """A stable name for a finding: the document and the normal form of what goes."""
    f = located.finding
    removed = normalize(file.original[f.start : f.end]).text
    where = file.document if file.document is not None else file.path
    return hashlib.blake2b(f"{where}\0{removed}".encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def write_baseline(report: Report) -> str:
    """The baseline file accepting every finding of ``report``."""
    entries = {
        fingerprint(file, loc): f"{file.path}:{loc.finding.line_start}-{loc.finding.line_end}"
        for file in report.files
        for loc in file.findings
    }
    return json.dumps({"version": BASELINE_VERSION, "fingerprints": dict(sorted(entries.items()))}, indent=2) + "\n"


def read_baseline(path: str) -> set[str]:
    """The fingerprints a baseline file accepts."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        if data.get("version") != BASELINE_VERSION or not isinstance(data.get("fingerprints"), dict):
            raise ValueError("not a dedup baseline")
        return set(data["fingerprints"])
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such baseline; write one with dedup check --write-baseline {path}") from None
    except (OSError, ValueError, AttributeError) as error:
        raise ConfigError(f"{path}: not a dedup baseline file ({error})") from None


def without_baseline(report: Report, accepted: set[str]) -> tuple[Report, int]:
    """``report`` without the accepted findings, and how many were left out."""
    files = []
    dropped = 0
    for file in report.files:
        kept = tuple(loc for loc in file.findings if fingerprint(file, loc) not in accepted)
        dropped += len(file.findings) - len(kept)
        files.append(file if len(kept) == len(file.findings) else replace(file, findings=kept))
    return replace(report, files=files), dropped
