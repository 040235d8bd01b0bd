"""`passerelle nlp language --text "…"`: the language assistance at the command line.

For scripts and for checking what the inbox would show: the same functions, offline, no
database. `--format json` gives the detail (which model decided, how sure, why unknown).
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from passerelle.nlp.language import detect


class Command(BaseCommand):
    help = "Language assistance (docs/nlp.md) on a text: `language` finds its language."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="part", required=True)
        language = sub.add_parser("language", help="the language a text is written in")
        language.add_argument("--text", help="the text (default: read standard input)")
        language.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args, part, **opts):
        text = opts.get("text")
        if text is None:
            text = sys.stdin.read()
        if not text.strip():
            raise CommandError("give a text with --text or on standard input")
        found = detect(text)
        if opts["format"] == "json":
            self.stdout.write(json.dumps(found.as_dict(), ensure_ascii=False))
        else:
            # An unknown language prints an empty line: scripts test for it.
            self.stdout.write(found.language)
