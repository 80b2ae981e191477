"""dedup inside other tools' pipelines, one module per tool, each behind its own
optional extra (``pip install 'dedup-text[datatrove]'``).

Nothing here is imported by ``import dedup``: a module loads its tool only when it is
imported itself.
"""
