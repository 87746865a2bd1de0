"""The core: what an entry is and what the knowledge base holds, with no I/O beyond safe writes.

``models`` (Pydantic entry models) and ``papertype``, ``errors`` (problems and rule codes),
``kb`` (the immutable KnowledgeBase), ``ids`` (the typed entry id), ``normalize`` (canonical
identifiers and text), the text an entry may hold (``safemarkdown``, ``titlemarkup``,
``titles``, ``textcites``, ``mathtext``), ``serialize`` (the stable JSON shapes), ``memo`` and
``lazy`` (helpers), ``atomic`` (writes that never leave half a file) and ``fingerprint`` (of
the code, for what the index stores). Nothing here imports the loading layer, the index, the
site, the command line or MkDocs (tests/test_layers.py).
"""
