"""The base of commands whose help is translated."""

from django.core.management.base import BaseCommand


class TranslatedCommand(BaseCommand):
    """``help`` may be lazy (``gettext_lazy``): argparse needs a string, read in the language active now."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)
