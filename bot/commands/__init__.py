"""The sub-commands, one module each (digest, demo, run, status, send-test, extract, summarize, group).

Every module here defines ``register(subparsers)`` that adds its sub-command with
``set_defaults(handler=...)``; the handler takes the parsed arguments and returns an exit
status. :mod:`bot.cli` finds them all, so adding a command touches no other file.
"""
