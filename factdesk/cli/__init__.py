"""The command line: `factdesk` opens the app; `factdesk COMMAND` works without a display.

Every command goes through the Desk. Errors are one line on stderr naming the
input and the problem: exit code 2 for bad input, 1 for other failures.
"""

from __future__ import annotations

import os
import sys

from factdesk.errors import FactdeskError

from .commands import cmd_gui, cmd_install_desktop
from .common import _err
from .parser import build_parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", cmd_gui)
    if args.install_desktop and args.command is None:
        handler = cmd_install_desktop
    if args.command == "secrets" and args.action != "status" and not args.name:
        parser.error("secrets set/delete need a NAME")
    try:
        return handler(args)
    except FactdeskError as error:
        _err(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        _err("interrupted; what was finished is saved")
        # Leave now: a worker process stopped mid-message can leave Python's process-pool
        # thread waiting forever at exit. Every import is committed or rolled back already.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    except BrokenPipeError:
        return 0
    except Exception as error:
        # A problem with the database file met while reading (a disk gone, a damaged
        # page): one plain line, like every other problem. Anything else is a bug.
        from factdesk.desk import database_problem

        problem = database_problem(error, args.db)
        if problem is None:
            raise
        _err(str(problem))
        return problem.exit_code


__all__ = ["build_parser", "main"]
