"""The `roundbook` subcommands, one module each; `roundbook/cli.py` puts them together."""
