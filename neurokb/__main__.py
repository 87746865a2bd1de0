"""``python -m neurokb`` runs the command line."""

from neurokb.cli.app import main

main()
