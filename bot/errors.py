"""One root error for everything the user can fix; the CLI turns it into a message and an exit code."""

from __future__ import annotations


class BotError(Exception):
    """An error the user can act on: what went wrong, where, and what to do.

    ``str()`` reads ``<what> (<where>): <hint>`` so the CLI can print it as is.
    """

    exit_code = 1

    def __init__(self, what: str, where: str | None = None, hint: str | None = None):
        self.what, self.where, self.hint = what, where, hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = self.what
        if self.where:
            text += f" ({self.where})"
        if self.hint:
            text += f": {self.hint}"
        return text


class ConfigError(BotError):
    """The configuration file or a command-line option is wrong."""

    exit_code = 2


class OutputError(BotError):
    """A file the user asked for (``-o``) cannot be written; nothing was marked delivered."""

    exit_code = 2


class StoreError(BotError):
    """The state database cannot be opened or is of an unknown version."""

    exit_code = 2
