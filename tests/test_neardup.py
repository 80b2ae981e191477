"""Near-duplicate documents: signatures, clusters, and the command's flags."""

from __future__ import annotations

import json
import random
from pathlib import Path
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dedup.cli import app
from dedup.corpus import neardup
from dedup.corpus.bandtable import BandTable
from dedup.corpus.neardup import NearDuplicates, signature, similarity

WORDS = "river stone council budget harbour market winter school bridge garden station museum".split()


def document(seed: int, words: int = 150) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + str(rng.randrange(1000)) for _ in range(words))


def edited(text: str, changes: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    words = text.split()
    for _ in range(changes):
        words[rng.randrange(len(words))] = "edited"
    return " ".join(words)


def test_signature_is_deterministic_and_estimates_jaccard() -> None:
    a = document(1)
    assert signature(a) == signature(a)
    assert similarity(signature(a), signature(a)) == 1.0  # type: ignore[arg-type]
    assert similarity(signature(a), signature(edited(a, 2))) > 0.85  # type: ignore[arg-type]
    assert similarity(signature(a), signature(document(2))) < 0.2  # type: ignore[arg-type]
    assert signature("") is None


def test_clusters_keep_the_first_and_find_its_near_copies() -> None:
    near = NearDuplicates(0.8)
    base = document(7)
    assert near.add("a", signature(base)) is None
    assert near.add("b", signature(document(8))) is None
    copy = near.add("c", signature(edited(base, 2)))
    assert copy is not None and copy.of == "a" and copy.similarity >= 0.8
    assert near.add("d", signature(edited(base, 60, seed=3))) is None  # too different
    assert near.clusters == {"a": ["a", "c"]}


def test_recall_on_planted_copies() -> None:
    """Every planted copy with a few edits is found; no unrelated document is."""
    near = NearDuplicates(0.8)
    found = 0
    for i in range(40):
        assert near.add(f"doc{i}", signature(document(100 + i))) is None
        if near.add(f"copy{i}", signature(edited(document(100 + i), 3, seed=i))) is not None:
            found += 1
    assert found == 40
    assert all(first.startswith("doc") and len(m) == 2 for first, m in near.clusters.items())


def model_signature(text: str) -> bytes | None:
    """The signature as first written (issue #4 made it cheaper): the same bytes."""
    if not text:
        return None
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    width = min(5, len(codes))
    count = len(codes) - width + 1
    hashes = np.zeros(count, dtype=np.uint64)
    for k in range(width):
        hashes = hashes * np.uint64(1_000_003) + codes[k : k + count]
    x = hashes ^ (hashes >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    hashes = x ^ (x >> np.uint64(31))
    empty = np.uint64(2**64 - 1)
    found = np.full(128, empty, dtype=np.uint64)
    np.minimum.at(found, (hashes >> np.uint64(57)).astype(np.intp), hashes)
    filled = found != empty
    rows = ((found >> np.uint64(25)) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    if not filled.all():
        full = np.flatnonzero(filled)
        bins = np.arange(128)
        nearest = full[np.searchsorted(full, bins) % len(full)]
        distance = (nearest - bins) % 128
        rows = (rows[nearest] + distance.astype(np.uint32) * np.uint32(0x9E3779B9)).astype(np.uint32)
    return rows.tobytes()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.text(alphabet="ab", max_size=400) | st.text(min_size=1000, max_size=3000))
def test_signature_is_the_model_signature(text: str) -> None:
    assert signature(text) == model_signature(text)


def test_signature_is_the_model_signature_on_documents() -> None:
    texts = [document(i, words=w) for i in range(20) for w in (1, 2, 40, 600)]
    texts += ["\ud800\udfff x", "\U0001f600" * 7, "日本語のテキスト" * 3, "a", "abcd", "abcde"]
    for text in texts:
        assert signature(text) == model_signature(text)


def shard(tmp_path: Path) -> Path:
    path = tmp_path / "docs.jsonl"
    lines = []
    for i in range(5):
        lines.append(json.dumps({"id": f"d{i}", "text": document(i) + "\n"}))
    lines.append(json.dumps({"id": "d1-copy", "text": edited(document(1), 2) + "\n", "source": "x"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_check_reports_the_near_copy(tmp_path: Path) -> None:
    path = shard(tmp_path)
    result = CliRunner().invoke(app, ["check", "--near-duplicate-docs", str(path)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}[d1-copy]: near-duplicate of d1 (similarity ")
    assert "1 near-duplicate document in 1 cluster(s)" in result.stderr
    plain = CliRunner().invoke(app, ["check", str(path)])
    assert (plain.exit_code, plain.stdout) == (0, "")


def test_json_report_names_clusters(tmp_path: Path) -> None:
    path = shard(tmp_path)
    result = CliRunner().invoke(app, ["check", "--near-duplicate-docs", "--format", "json", str(path)])
    report = json.loads(result.stdout)
    assert report["clusters"] == [{"first": "d1", "members": ["d1", "d1-copy"]}]
    (copy,) = [f for f in report["files"] if f["near_duplicate_of"]]
    assert copy["document"] == "d1-copy" and copy["near_duplicate_of"]["document"] == "d1"
    assert report["summary"]["near_duplicates"] == 1


def test_clean_drops_the_near_copy_from_the_shard(tmp_path: Path) -> None:
    path = shard(tmp_path)
    original = path.read_bytes().splitlines(keepends=True)
    result = CliRunner().invoke(app, ["clean", "-q", "--drop-duplicate-docs", str(path)])
    assert result.exit_code == 0
    assert result.stdout_bytes == b"".join(original[:5])
    result = CliRunner().invoke(app, ["clean", "-q", "-i", "--drop-duplicate-docs", str(path)])
    assert path.read_bytes() == b"".join(original[:5])


def test_the_command_line_does_not_load_numpy_unless_asked() -> None:
    """NumPy is for --near-duplicate-docs only; every other run starts without it."""
    import subprocess
    import sys

    code = "import sys, dedup.cli; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


class Model:
    """Clusters as they were first placed (issue #4 made them compact): each band key
    whole, as bytes, mapped to the first cluster that had it; every first signature
    kept as bytes. The compact clusters must decide exactly as this does."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.bands: dict[bytes, int] = {}
        self.firsts: list[tuple[str, bytes]] = []
        self.clusters: dict[str, list[str]] = {}

    def add(self, name: str, sig: bytes | None) -> tuple[str, float] | None:
        if sig is None:
            return None
        rows = 8 * 4  # bytes in a band
        keys = [bytes([band]) + sig[band * rows : (band + 1) * rows] for band in range(16)]
        best: tuple[float, int] | None = None
        for candidate in sorted({self.bands[k] for k in keys if k in self.bands}):
            score = similarity(sig, self.firsts[candidate][1])
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, candidate)
        if best is not None:
            first = self.firsts[best[1]][0]
            self.clusters.setdefault(first, [first]).append(name)
            return first, best[0]
        self.firsts.append((name, sig))
        for key in keys:
            self.bands.setdefault(key, len(self.firsts) - 1)
        return None


def _mixed(parents: list[np.ndarray], bands: list[int], changes: list[tuple[int, int]]) -> bytes:
    """A signature whose every band is taken from one of a few parents, with some
    rows then set to small values: bands repeat across documents in every pattern, and
    similarities fall on both sides of any threshold."""
    rows = np.concatenate([parents[p][band * 8 : (band + 1) * 8] for band, p in enumerate(bands)])
    for at, value in changes:
        rows[at] = value
    return rows.tobytes()


_bands = st.lists(st.integers(0, 4), min_size=16, max_size=16)
_changes = st.lists(st.tuples(st.integers(0, 127), st.integers(0, 3)), max_size=24)
_streams = st.lists(st.none() | st.tuples(_bands, _changes), min_size=1, max_size=60)


def _check_against_model(threshold: float, seed: int, stream: list[tuple[list[int], list[tuple[int, int]]] | None]) -> None:
    rng = np.random.default_rng(seed)
    parents = [rng.integers(0, 2**32, size=128, dtype=np.uint32) for _ in range(3)]
    parents += [np.zeros(128, dtype=np.uint32), np.arange(128, dtype=np.uint32) // 8]  # bands alike, or not
    model, near = Model(threshold), NearDuplicates(threshold)
    for n, item in enumerate(stream):
        sig = None if item is None else _mixed(parents, *item)
        got = near.add(f"d{n}", sig)
        assert (None if got is None else (got.of, got.similarity)) == model.add(f"d{n}", sig)
    assert near.clusters == model.clusters


def _few_keys(sig: bytes) -> np.ndarray:
    """Band keys from the first byte of each band only: keys shared by different bands
    all the time (a 64-bit collision, made common)."""
    return np.frombuffer(sig, dtype=np.uint8)[::32].astype(np.uint64) % 3 * 16 + np.arange(16, dtype=np.uint64)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 128).map(lambda k: k / 128), st.integers(0, 2**16), _streams, st.sampled_from([2**16, 1, 5]))
def test_clusters_decide_as_the_model(threshold: float, seed: int, stream: list, merge_at: int) -> None:  # type: ignore[type-arg]
    """Whatever the table's merges (every few keys, or none)."""
    with mock.patch.object(BandTable, "merge_at", merge_at):
        _check_against_model(threshold, seed, stream)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 128).map(lambda k: k / 128), st.integers(0, 2**16), _streams, st.sampled_from([2**16, 3]))
def test_shared_keys_do_not_change_the_clusters(threshold: float, seed: int, stream: list, merge_at: int) -> None:  # type: ignore[type-arg]
    """Keys shared by different bands cost comparisons, never a different answer."""
    with mock.patch.object(neardup, "band_keys", _few_keys), mock.patch.object(BandTable, "merge_at", merge_at):
        _check_against_model(threshold, seed, stream)


def test_clusters_decide_as_the_model_on_documents() -> None:
    """Real signatures: planted copies, unrelated documents, short texts (densified)."""
    texts = [document(i, words=w) for i in range(30) for w in (3, 150)]
    texts += [edited(document(i), k, seed=i) for i in range(30) for k in (1, 10, 25)]
    texts += ["ab", "abcdef", "x" * 40, ""]
    for threshold in (0.5, 0.8, 0.95):
        model, near = Model(threshold), NearDuplicates(threshold)
        for n, text in enumerate(texts):
            got = near.add(f"t{n}", signature(text))
            assert (None if got is None else (got.of, got.similarity)) == model.add(f"t{n}", signature(text))
        assert near.clusters == model.clusters
