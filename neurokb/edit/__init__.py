"""Writing entries: the one canonical YAML writer and the tools built on it.

``writer`` renders an entry file's text (field order, quoting, literal blocks, sorted lists);
``fmt`` rewrites files in that form, keeping comments (``comments``); ``scaffold`` makes the
commented templates of ``neurokb new``; ``citekeys`` proposes the ``authorYEARword`` key of a
new entry. The importers write through ``writer`` too.
"""
