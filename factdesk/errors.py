"""Errors the user can act on. Their message is shown as it is: one line, naming
the input and the problem. Anything else is a bug and is reported as one."""


class FactdeskError(Exception):
    """A failure to tell the user about plainly (CLI exit code 1)."""

    exit_code = 1


class BadInput(FactdeskError):
    """The user gave something we cannot use: a file, URL, id, rating... (exit code 2)."""

    exit_code = 2


class NotFound(BadInput):
    """An id or name that is not in the database."""


class NetworkError(FactdeskError):
    """The network failed us: a timeout, a refused connection, an HTTP error."""


class NoKeyring(FactdeskError):
    """No OS keyring backend is available to keep API keys."""


class DatabaseProblem(FactdeskError):
    """The database file cannot be used as asked: read-only, full disk, damaged, locked..."""


class DatabaseBusy(DatabaseProblem):
    """Another program held the database's write lock for longer than we wait."""


class DatabaseFilesReplaced(DatabaseProblem):
    """The database's -wal/-shm files were replaced under this connection; it reopened."""
