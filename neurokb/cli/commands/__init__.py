"""The commands: one module per command, named after it (``reading-list`` is
``reading_list.py``). :mod:`neurokb.cli.app` lists them from the file names, so the list
of commands is never kept by hand; each module's ``register(app)`` adds its command."""
