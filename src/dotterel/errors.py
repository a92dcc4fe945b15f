"""One error tree for dotterel.

Every failure that a user can cause or fix is a :class:`DotterelError`. Messages say what
happened *and what to do*. Only the CLI's ``main`` and the HTTP API's exception handler turn
these into exit codes and HTTP statuses.
"""

from __future__ import annotations


class DotterelError(Exception):
    """Base class of every error dotterel raises on purpose."""

    #: The CLI exit code for this kind of failure.
    exit_code: int = 1
    #: The HTTP status the API answers with.
    http_status: int = 500

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}: {self.hint}"
        return self.message


class ModelNotFoundError(DotterelError):
    """The configured spaCy pipeline cannot be loaded."""

    exit_code = 3
    http_status = 503


class InputError(DotterelError):
    """An input cannot be read or decoded (binary, empty, too large, broken markup)."""

    exit_code = 2
    http_status = 422

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        source: str | None = None,
        line: int | None = None,
        stage: str = "read",
    ) -> None:
        super().__init__(message, hint=hint)
        self.source = source
        self.line = line
        self.stage = stage

    def __str__(self) -> str:
        where = ""
        if self.source:
            where = self.source + (f":{self.line}" if self.line is not None else "") + ": "
        return where + super().__str__()


class DataFileError(DotterelError):
    """A bundled or user-supplied data file (patterns, dictionaries, ontology) is malformed."""

    exit_code = 4


class StoreError(DotterelError):
    """The event store cannot be opened, written or migrated."""

    exit_code = 5
    http_status = 503


class NotFoundError(DotterelError):
    """A requested record (event, article) does not exist."""

    exit_code = 6
    http_status = 404


class ValidationError(DotterelError):
    """A parameter or option has an invalid value."""

    exit_code = 2
    http_status = 400


class AuthError(DotterelError):
    """A request needed a token and had none or a wrong one."""

    exit_code = 7
    http_status = 401
