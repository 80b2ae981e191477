"""Many documents: walking trees, JSONL shards, cross-document memory, parallel runs."""
