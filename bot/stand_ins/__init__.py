"""Local stand-ins for the outside services the bot talks to, served on 127.0.0.1.

They let the tests and ``sisterbot bench`` run the real client stacks (python-telegram-bot,
pywa) end to end without any traffic leaving the machine.
"""
