"""Exceptions raised for bad input, with messages that name the file, line or field."""

__all__ = ["InputError"]


class InputError(ValueError):
    """Input the toolkit cannot read: the message names the file, line or field at fault."""
