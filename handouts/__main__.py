"""`python -m handouts` and the `handouts` console script → the CLI."""

import sys


def main() -> None:
    """Set the process up (:func:`handouts.startup.begin`: compiled code kept across processes,
    Pillow lazy, fewer collections) before the CLI and Typer are imported, then run the CLI."""
    from handouts import startup

    startup.begin(sys.argv[1:])
    from handouts.cli import main as cli

    cli()


if __name__ == "__main__":
    main()
