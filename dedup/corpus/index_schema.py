"""The corpus index's tables (:mod:`dedup.corpus.index`): documents by name, the digests
of their paragraphs, and the pair keys of near-duplicate documents, with the settings
and format version in ``meta``."""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    ordering TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    content_hash BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_ordering ON documents (ordering);
CREATE TABLE IF NOT EXISTS paragraphs (
    document INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    digest INTEGER NOT NULL,
    line_start INTEGER NOT NULL,
    line_end INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    size INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS paragraphs_digest ON paragraphs (digest);
CREATE INDEX IF NOT EXISTS paragraphs_document ON paragraphs (document);
CREATE TABLE IF NOT EXISTS pairs (
    document INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    pair INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS pairs_pair ON pairs (pair);
CREATE INDEX IF NOT EXISTS pairs_document ON pairs (document);
"""
