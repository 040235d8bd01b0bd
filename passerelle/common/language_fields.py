"""Form fields for a text kept per language ({"ar": …, "fr": …}): one input per language.

Each input is labelled with the language's own name and carries `lang` and `dir`, so an
Arabic text is typed right to left whatever the interface language is.
"""

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from passerelle.common.text import text_direction


def language_own_name(code: str) -> str:
    """`ar` → `العربية`: a language named in itself."""
    named = dict(settings.LANGUAGES)
    if code in named:
        return str(named[code])
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code


def field_name(name: str, language: str) -> str:
    return f"{name}_{language.replace('-', '_')}"


def add_language_fields(
    form, name: str, *, languages, label, initial=None, textarea_rows=0, max_length=None
) -> None:
    """Add one field per language for `name` to a form, in place of a field of that name."""
    initial = initial if isinstance(initial, dict) else {}
    fields = {}
    for code in dict.fromkeys(languages):
        attrs = {"lang": code, "dir": text_direction(code)}
        if textarea_rows:
            widget = forms.Textarea(attrs={**attrs, "rows": textarea_rows})
        else:
            widget = forms.TextInput(attrs=attrs)
        fields[field_name(name, code)] = forms.CharField(
            label=f"{label} ({language_own_name(code)})",
            required=False,
            max_length=max_length,
            widget=widget,
            initial=initial.get(code, ""),
        )
    position = list(form.fields).index(name) if name in form.fields else len(form.fields)
    form.fields.pop(name, None)
    items = list(form.fields.items())
    form.fields = dict(items[:position] + list(fields.items()) + items[position:])


def language_texts(form, name: str, *, languages, required=False) -> dict:
    """The texts typed for `name`, {language: text}; errors on the default language's
    field when it is empty while the text is required or given in another language."""
    codes = list(dict.fromkeys(languages))
    texts = {}
    for code in codes:
        value = (form.cleaned_data.get(field_name(name, code)) or "").strip()
        if value:
            texts[code] = value
    default = codes[0] if codes else ""
    if default and not texts.get(default) and (required or texts):
        form.add_error(
            field_name(name, default),
            _("Write this text in %(language)s, the service's default language.")
            % {"language": language_own_name(default)},
        )
    return texts
