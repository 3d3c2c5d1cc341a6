"""`python -m handouts` → the CLI."""

from handouts.cli import main

main()
