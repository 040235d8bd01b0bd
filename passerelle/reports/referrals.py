"""Referrals to partners, by partner and by category, with what the follow-up learned."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.utils.translation import gettext as _

from passerelle.referrals.models import Category, Referral
from passerelle.reports.periods import Period
from passerelle.reports.tables import Row, Table
from passerelle.reports.usage import span

OUTCOMES = (
    Referral.Outcome.YES,
    Referral.Outcome.NO,
    Referral.Outcome.NOT_YET,
    Referral.Outcome.PENDING,
)


def _columns() -> list[str]:
    names = dict(Referral.Outcome.choices)
    return [_("Referrals")] + [str(names[o]) for o in OUTCOMES]


def _rows(counted: dict, names: dict) -> list[Row]:
    rows = []
    for key in sorted(counted, key=lambda k: (-sum(counted[k].values()), str(names[k]))):
        by_outcome = counted[key]
        values = [sum(by_outcome.values())] + [by_outcome.get(o, 0) for o in OUTCOMES]
        rows.append(Row(str(key), str(names[key]), values))
    totals = [sum(r.values[i] for r in rows) for i in range(len(OUTCOMES) + 1)]
    rows.append(Row("total", _("Total"), totals))
    return rows


def referral_tables(service, periods: list[Period]) -> list[Table]:
    """Two tables over the whole span: by partner, then by category of the partner's service."""
    start, end = span(service, periods)
    rows = (
        Referral.objects.filter(service=service, created_at__gte=start, created_at__lt=end)
        .values("partner_id", "partner__name", "partner_service__category", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_partner, by_category = defaultdict(dict), defaultdict(dict)
    partner_names = {}
    for r in rows:
        partner_names[r["partner_id"]] = r["partner__name"]
        category = r["partner_service__category"] or Category.OTHER
        for bucket, key in ((by_partner, r["partner_id"]), (by_category, category)):
            bucket[key][r["outcome"]] = bucket[key].get(r["outcome"], 0) + r["n"]
    whole = [Period(min(p.start for p in periods), max(p.end for p in periods))]
    note = _("A referral counts in the period it was made; its outcome is the latest known.")
    return [
        Table(
            key="referrals_by_partner",
            title=_("Referrals by partner"),
            columns=_columns(),
            rows=_rows(by_partner, partner_names),
            periods=whole,
            notes=[note],
            people_breakdown=True,
        ),
        Table(
            key="referrals_by_category",
            title=_("Referrals by category"),
            columns=_columns(),
            rows=_rows(by_category, dict(Category.choices)),
            periods=whole,
            notes=[note],
            people_breakdown=True,
        ),
    ]
