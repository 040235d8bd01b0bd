"""Languages used: members' messages by the language they were written in, per period.

Counted from the messages' detected language (passerelle.nlp.language, corrected by
moderators): one row per language, "Unknown" for messages too short or too mixed to say.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count
from django.db.models.functions import TruncDay
from django.utils.translation import gettext as _

from passerelle.conversations.languages import detected_language_name
from passerelle.conversations.models import Message
from passerelle.reports import counts
from passerelle.reports.periods import Period
from passerelle.reports.tables import Row, Table
from passerelle.reports.usage import span

UNKNOWN_KEY = "unknown"


def language_days(service, start, end) -> dict[str, Counter]:
    """Members' messages in [start, end) by detected language, then by local day."""
    rows = (
        Message.objects.filter(
            service=service,
            direction=Message.Direction.IN,
            created_at__gte=start,
            created_at__lt=end,
        )
        .annotate(day=TruncDay("created_at", tzinfo=service.tz))
        .values_list("detected_language", "day")
        .annotate(n=Count("id"))
        .order_by()
    )
    found: dict[str, Counter] = {}
    for language, day, n in rows:
        day = day.date() if hasattr(day, "date") else day
        found.setdefault(language or "", Counter())[day] += n
    return found


def languages_table(service, periods: list[Period]) -> Table:
    """One row per language members wrote in, most used first, "Unknown" last."""
    start, end = span(service, periods)
    by_language = language_days(service, start, end)
    rows = []
    for language, by_day in by_language.items():
        values = counts.fold(by_day, periods)
        if not any(values):
            continue
        key = language.replace("|", "_") or UNKNOWN_KEY
        name = detected_language_name(language) if language else _("Unknown")
        rows.append(Row(key, name, values, total=sum(values)))
    rows.sort(key=lambda r: (r.key == UNKNOWN_KEY, -r.total, r.key))
    table = Table(
        key="languages",
        title=_("Languages used"),
        columns=[p.key for p in periods],
        rows=rows,
        periods=periods,
        total_label=_("Total"),
    )
    if not service.assistance_on("language"):
        table.notes.append(
            _(
                "Finding the language of messages is turned off for this service: "
                "new messages count as unknown."
            )
        )
    return table
