"""Template filters of the framework pages: numbers, periods, targets and the sparkline."""

from django import template
from django.utils.translation import gettext as _

from passerelle.evaluation import display
from passerelle.evaluation.sparkline import sparkline

register = template.Library()


@register.filter
def number(value, unit=""):
    return display.number(value, unit)


@register.filter
def period_name(period):
    return display.period_name(period)


@register.filter
def target_text(indicator):
    return display.target_text(indicator)


@register.filter
def source_label(indicator):
    return display.source_label(indicator)


@register.filter
def frequency_text(indicator):
    return display.frequency_text(indicator)


@register.simple_tag
def spark(progress):
    known = [p for p in progress.points if p.value is not None]
    latest = display.number(known[-1].value, progress.unit) if known else "—"
    summary = _("%(indicator)s: latest value %(value)s; target: %(target)s") % {
        "indicator": progress.indicator.name,
        "value": latest,
        "target": display.target_text(progress.indicator) or _("none"),
    }
    return sparkline(progress, summary)
