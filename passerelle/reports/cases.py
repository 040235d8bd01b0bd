"""Case management (one-to-one services, docs/cases.md): clients, contacts, follow-ups and
answers within the standard, per period — counted from the client files and their events."""

from __future__ import annotations

from collections import Counter

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from passerelle.cases.models import CallLog, CaseEvent, ClientFile
from passerelle.conversations.models import Message, Thread
from passerelle.questions.models import Question
from passerelle.questions.standards import due_at
from passerelle.reports.periods import Period
from passerelle.reports.standard import first_response, standard_of
from passerelle.reports.tables import Row, Table
from passerelle.reports.usage import span

# Closing reasons shown one per line; the rest are added up in "other reasons".
REASONS_SHOWN = 8


def _in(moment, lo, hi) -> bool:
    return moment is not None and lo <= moment < hi


def case_table(service, periods: list[Period], now=None) -> Table:
    """One column per period; every row a count read from rows, never a stored figure."""
    now = now or timezone.now()
    start, end = span(service, periods)
    files = list(
        ClientFile.objects.filter(service=service, enrolled_at__lt=end).values(
            "pk", "member_id", "enrolled_at", "closed_at", "status_reason"
        )
    )
    members = {f["member_id"] for f in files}
    messages_in = list(
        Message.objects.filter(
            service=service,
            thread__kind=Thread.Kind.PRIVATE,
            direction=Message.Direction.IN,
            member_id__in=members,
            created_at__gte=start,
            created_at__lt=end,
        ).values_list("created_at", flat=True)
    )
    calls = list(
        CallLog.objects.filter(
            file__service=service, occurred_at__gte=start, occurred_at__lt=end
        ).values_list("occurred_at", flat=True)
    )
    followups = list(
        CaseEvent.objects.filter(
            file__service=service,
            kind__in=(CaseEvent.Kind.FOLLOWUP_DONE, CaseEvent.Kind.CHECKIN_SENT),
            created_at__gte=start,
            created_at__lt=end,
        ).values_list("created_at", "data")
    )
    standard = standard_of(service)
    spec, stops = standard.as_spec(), standard.acknowledgement_stops_clock
    questions = list(
        Question.objects.filter(
            service=service, member_id__in=members, received_at__gte=start, received_at__lt=end
        )
        .exclude(status=Question.Status.CANCELLED)
        .exclude(message__extra__has_key="imported")
        .values("received_at", "answered_at", "acknowledged_at", "status")
    )
    closed_reasons = Counter(
        (f["status_reason"] or "").strip() for f in files if _in(f["closed_at"], start, end)
    )
    shown = [r for r, _n in closed_reasons.most_common(REASONS_SHOWN)]

    cols: dict[str, list] = {}

    def put(key, value):
        cols.setdefault(key, []).append(value)

    for period in periods:
        lo, hi = period.bounds(service.tz)
        active_end = [
            f
            for f in files
            if f["enrolled_at"] < hi and (f["closed_at"] is None or f["closed_at"] >= hi)
        ]
        active_during = [
            f
            for f in files
            if f["enrolled_at"] < hi and (f["closed_at"] is None or f["closed_at"] >= lo)
        ]
        closed = [f for f in files if _in(f["closed_at"], lo, hi)]
        n_in = sum(1 for at in messages_in if lo <= at < hi)
        n_calls = sum(1 for at in calls if lo <= at < hi)
        done = [data for at, data in followups if lo <= at < hi]
        put("active_end", len(active_end))
        put("enrolled", sum(1 for f in files if lo <= f["enrolled_at"] < hi))
        put("closed", len(closed))
        by_reason = Counter((f["status_reason"] or "").strip() for f in closed)
        for reason in shown:
            put(f"closed.{reason}", by_reason.get(reason, 0))
        if len(closed_reasons) > len(shown):
            put("closed.other", sum(n for r, n in by_reason.items() if r not in shown))
        put("contacts", n_in + n_calls)
        put("contacts.messages", n_in)
        put("contacts.calls", n_calls)
        put(
            "contacts_per_client",
            round((n_in + n_calls) / len(active_during), 1) if active_during else None,
        )
        put("followups", len(done))
        put("followups_on_time", sum(1 for data in done if (data or {}).get("on_time")))
        received = within = 0
        for q in questions:
            if not lo <= q["received_at"] < hi:
                continue
            received += 1
            responded = first_response(q, stops)
            within += responded is not None and responded <= due_at(q["received_at"], spec)
        put("questions", received)
        put("answered_within", within)
        put("share_within", round(100 * within / received, 1) if received else None)

    labels = {
        "active_end": _("Active clients at the end of the period"),
        "enrolled": _("Clients enrolled"),
        "closed": _("Files closed"),
        "contacts": _("Contacts (messages from clients and calls)"),
        "contacts.messages": _("Messages from clients"),
        "contacts.calls": _("Calls logged"),
        "contacts_per_client": _("Contacts per client"),
        "followups": _("Follow-ups (by hand or check-ins sent)"),
        "followups_on_time": _("Follow-ups done on time"),
        "questions": _("Client messages timed by the standard"),
        "answered_within": _("Answered within the standard"),
        "share_within": _("Share answered within the standard"),
    }
    rows = []
    for key in cols:
        if key.startswith("closed."):
            reason = key.split(".", 1)[1]
            label = (
                _("Other reasons") if key == "closed.other" else (reason or _("No reason given"))
            )
            rows.append(Row(f"closed.{slugify(reason)[:40] or 'none'}", label, cols[key], level=1))
            continue
        rows.append(
            Row(
                key,
                labels[key],
                cols[key],
                level=1 if key.startswith("contacts.") else 0,
                unit="%" if key == "share_within" else "",
            )
        )
    return Table(
        key="cases",
        title=_("Case management"),
        columns=[p.key for p in periods],
        rows=rows,
        periods=periods,
        notes=[
            _(
                "Counted from the client files and their events; a file counts as active from "
                "its enrolment until it is closed."
            )
        ],
    )
