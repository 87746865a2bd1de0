"""The ``neurokb`` command line: thin Typer faces over :mod:`neurokb.library` and the core.

``app`` (global options, the lazily loaded command list), ``common`` (exit codes, output,
the per-invocation :class:`~neurokb.cli.common.Session`), ``tables`` and ``terminal``
(rendering), and ``commands/``: one module per command, named after it.
"""
