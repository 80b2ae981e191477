"""One document, pure functions, no I/O: layout, normalise, fingerprint, match, plan, rewrite."""
