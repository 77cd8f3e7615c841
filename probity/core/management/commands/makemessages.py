"""makemessages that also reads ``_lazy("…")``: views alias gettext_lazy so as to keep ``_`` for gettext."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
