"""`python -m handouts` and the `handouts` console script → the CLI."""

import sys


def main() -> None:
    """Set the process up (:func:`handouts.startup.begin`: compiled code kept across processes,
    Pillow lazy, fewer collections) before the CLI and Typer are imported, then run the CLI; a
    render's common command lines run without Typer (:mod:`handouts.frontdesk`). Ctrl-C before a
    command's own boundary (while setting up and importing) ends it as the boundary would: exit 130."""
    try:
        _main()
    except KeyboardInterrupt:
        from handouts.errors import ExitCode

        sys.stderr.write("interrupted\n")
        raise SystemExit(int(ExitCode.INTERRUPTED)) from None


def _main() -> None:
    from handouts import startup

    argv = sys.argv[1:]
    startup.begin(argv)
    if "render" in argv:
        from handouts import frontdesk

        parsed = frontdesk.parse(argv)
        if parsed is not None:
            code = 0
            try:
                frontdesk.run(parsed)
            except SystemExit as e:  # the render's exit code (handouts.terminal.boundary)
                code = 0 if e.code is None else e.code if isinstance(e.code, int) else 1
            finally:
                startup.end()
            startup.leave(code)
    from handouts.cli import main as cli

    cli()


if __name__ == "__main__":
    main()
