"""Every string the staff UI shows exists in French and Arabic: the .po files have no
untranslated or fuzzy entry, and every msgid the templates and the code ask for is in them
(so a new string without a translation fails here, not in front of a moderator)."""

import ast
import io
import tokenize
from pathlib import Path

import pytest
from django.utils.translation.template import templatize

PACKAGE = Path(__file__).resolve().parents[2]
LOCALES = ("fr", "ar")
CALLS = {
    "gettext",
    "gettext_lazy",
    "_",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "gettext_noop",
    "gettext_now",
}
# Where `makemessages` does not look either (Makefile: --ignore testing/* */tests/*).
IGNORED = ("testing", "tests", "migrations")


def _po_entries(path: Path) -> list[dict]:
    """(msgctxt, msgid, msgid_plural, msgstr list, fuzzy) for each entry, header excluded."""
    entries, entry, field = [], None, None

    def close():
        if entry is not None and entry.get("msgid", "") != "":
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            close()
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": "", "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += value
            else:
                entry[field] += value
        else:
            keyword, _space, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword.startswith("msgstr"):
                index = keyword[7:-1] if "[" in keyword else "0"
                field = ("msgstr", index)
                entry["msgstr"][index] = value
            else:
                field = keyword
                entry[keyword] = value
    close()
    return entries


def _po(language: str) -> list[dict]:
    return _po_entries(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po")


@pytest.mark.parametrize("language", LOCALES)
def test_no_msgid_is_untranslated_or_fuzzy(language):
    entries = _po(language)
    assert len(entries) > 500
    missing = [
        e["msgid"]
        for e in entries
        if "fuzzy" in e["flags"] or not all(v.strip() for v in e["msgstr"].values())
    ]
    assert not missing, missing


def _calls(tokens):
    """(function, [string arguments]) for each gettext-like call in a token stream."""
    tokens = [t for t in tokens if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)]
    for i, tok in enumerate(tokens[:-2]):
        if tok.type != tokenize.NAME or tok.string not in CALLS or tokens[i + 1].string != "(":
            continue
        if i and tokens[i - 1].string in (".", "def"):
            if tokens[i - 1].string == "def":
                continue
        args, current, j = [], "", i + 2
        while j < len(tokens):
            t = tokens[j]
            if t.type == tokenize.STRING:
                try:
                    current += ast.literal_eval(t.string)
                except (ValueError, SyntaxError):
                    break
            elif t.string == "," and current:
                args.append(current)
                current = ""
            else:
                break
            j += 1
        if current:
            args.append(current)
        if args:
            yield tok.string, args


def _tokens(source: str):
    try:
        return list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []


def _wanted() -> set[tuple[str, str]]:
    """(context, msgid) of every string the templates and the code mark for translation."""
    wanted = set()
    for path in PACKAGE.rglob("*"):
        parts = set(path.relative_to(PACKAGE).parts)
        if parts & set(IGNORED) or not path.is_file():
            continue
        if path.suffix == ".html":
            source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        elif path.suffix == ".py":
            source = path.read_text(encoding="utf-8")
        else:
            continue
        for name, args in _calls(_tokens(source)):
            if name.startswith(("pgettext", "npgettext")):
                if len(args) >= 2:
                    wanted.add((args[0], args[1]))
            else:
                wanted.add(("", args[0]))
    return wanted


def test_every_string_the_ui_asks_for_is_in_the_po_files():
    wanted = _wanted()
    # The walk really reads the templates and the code.
    assert ("", "Moderation queue") in wanted and ("", "Join settings") in wanted
    assert len(wanted) > 800
    for language in LOCALES:
        known = {(e.get("msgctxt", ""), e["msgid"]) for e in _po(language)}
        missing = sorted(msgid for ctx, msgid in wanted - known)
        assert not missing, (language, missing)
