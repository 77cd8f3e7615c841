"""A management command's help as ``manage.py NAME --help`` gives it, in the language active now."""

from django.core.management import get_commands, load_command_class
from django.utils import translation


def parser(name: str):
    return load_command_class(get_commands()[name], name).create_parser("manage.py", name)


def option_help(name: str, option: str) -> str:
    """The help of an option ("--as") or of a positional argument (its name: "file")."""
    return next(a.help for a in parser(name)._actions if option in a.option_strings or option == a.dest)


def description_in_both_languages(name: str) -> tuple[str, str]:
    """The command's description in Chinese, then in English."""
    chinese = parser(name).description
    with translation.override("en"):
        return chinese, parser(name).description
