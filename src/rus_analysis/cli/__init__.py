"""The ``rus-analysis`` command: one entry point, one subcommand per job.

Each subcommand is a module of this package exposing ``main(argv) -> int``; this file
only dispatches. Commands may call several stages (through ``pipeline``); stages never
call commands.
Exit codes (for schedulers): 0 ok, 1 the job failed (bad input in strict mode, a failing
notebook), 2 usage or configuration error.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS: dict[str, tuple[str, str]] = {
    "ingest": ("rus_analysis.cli.ingest", "read round folders, clean, write statements + accounting"),
    "evaluate": ("rus_analysis.cli.evaluate", "measure theme discovery on a labelled CSV"),
    "report": ("rus_analysis.cli.report", "run the pipeline and the notebooks, export HTML"),
    "charts": ("rus_analysis.cli.charts", "write the coverage charts of a run as PNG files"),
}


def _usage() -> str:
    lines = ["usage: rus-analysis COMMAND [options]", "", "commands:"]
    lines += [f"  {name:<10} {help_}" for name, (_, help_) in COMMANDS.items()]
    lines += ["", "rus-analysis COMMAND --help shows a command's options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    if args[0] == "--version":
        from rus_analysis import __version__

        print(__version__)
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"rus-analysis: unknown command {name!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    return int(module.main(rest) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
