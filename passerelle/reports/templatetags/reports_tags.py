from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from passerelle.reports.tables import Below

register = template.Library()


@register.filter
def cell(value, unit=""):
    """A report cell as text: "—" for no value, "< N" for a hidden small number."""
    if value is None:
        return "—"
    if isinstance(value, Below):
        return str(value)
    text = number_format(value, decimal_pos=1 if isinstance(value, float) else None)
    if unit == "%":
        return f"{text} %"
    if unit == "hours":
        return _("%(n)s h") % {"n": text}
    return text


@register.filter
def signed(value):
    return f"+{value}" if isinstance(value, int) and value > 0 else str(value)
