"""The ``neurokb`` command line: thin Typer faces over the core, one module per command group."""
