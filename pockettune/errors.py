"""The one exception type a user sees: a clear, one-line message, never a traceback."""


class PockettuneError(Exception):
    """A problem the user can act on (bad file, bad config, corrupted state).

    The CLI prints ``error: <message>`` and exits with status 2; library users catch it.
    """


class InputError(PockettuneError):
    """A conversation file that cannot be read; the message names the file and line."""

    def __init__(self, path: str, line: int | None, why: str) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {why}")
        self.path, self.line, self.why = path, line, why
