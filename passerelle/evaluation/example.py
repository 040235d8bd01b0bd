"""The toolkit's example framework (seed 000, Annex 4), as the rows a new framework starts from.

Tables 8 and 10 give the levels, the example results and the two example indicators
("number of participants: 500 by March 2022", "growth: every month over the previous one");
Table 11 (Refugee 613's real framework) adds the activities of a moderated group that
answers and refers. The toolkit dates its target a year after it was written, so the
starting row keeps the 500 and dates it a year after the framework starts. Strings are
translated when the rows are made: the rows are then the service's own text, in the
language of the staff member who started it.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from passerelle.evaluation.models import Indicator, Level


def level_help() -> dict[str, str]:
    """What each level is called and means (Table 8's first column)."""
    return {
        Level.ACTIVITY: _("The work it takes to create and keep your messaging service running."),
        Level.OUTPUT: _(
            "The products or services your activities produce: often just the messaging "
            "group, or a few key parts of it."
        ),
        Level.SHORT_TERM: _(
            "What your outputs lead to directly. Each outcome comes from one or more outputs."
        ),
        Level.INTERMEDIATE: _(
            "Longer-term results your service contributes to; other factors play a part too."
        ),
        Level.LONG_TERM: _(
            "The change you want for the community. Your service is likely one factor among many."
        ),
    }


@dataclasses.dataclass(frozen=True)
class ExampleIndicator:
    name: str
    metric: str = ""
    unit: str = ""
    frequency: str = Indicator.Frequency.MONTH
    target_value: Decimal | None = None
    target_by: date | None = None
    direction: str = ""
    data_source: str = ""
    collected_by: str = ""


@dataclasses.dataclass(frozen=True)
class ExampleResult:
    level: str
    description: str
    indicators: list[ExampleIndicator]


def _month_end(day: date) -> date:
    first_next = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _months_later(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return _month_end(date(index // 12, index % 12 + 1, 1))


def _audience(service) -> str:
    """The first line of the service's audience: "Arabic-speaking newcomers in Ottawa"."""
    lines = (service.audience or "").strip().splitlines()
    return lines[0].strip()[:120] if lines else ""


def logic_model(service) -> dict[str, list[str]]:
    """The example statements of each level, in the active language."""
    audience = _audience(service)
    running = (
        _("A digital messaging group running for %(audience)s") % {"audience": audience}
        if audience
        else _("A digital messaging group running for the target audience")
    )
    return {
        Level.ACTIVITY: [
            _("Choose the digital messaging tool"),
            _("Set guidelines for the digital messages"),
            _("Create the group"),
            _("Invite and welcome participants"),
            _("Promote the group"),
            _("Moderate the group"),
            _("Answer questions with information"),
            _("Refer requests that need specific or complex help to partners"),
            _("Post updates, announcements of meetings, opportunities and offers"),
            _("Secure funding"),
        ],
        Level.OUTPUT: [running],
        Level.SHORT_TERM: [_("The target audience uses the service")],
        Level.INTERMEDIATE: [
            _("The target audience reaches settlement services that are relevant to them")
        ],
        Level.LONG_TERM: [
            _("The target audience settles in the community more easily than before")
        ],
    }


def measurement_framework(service, today: date) -> list[ExampleResult]:
    """Table 10's rows with their indicators, in the active language."""
    model = logic_model(service)
    usage = _("Usage statistics of the messaging service (Passerelle)")
    moderator = _("Moderator")
    return [
        ExampleResult(
            Level.OUTPUT,
            model[Level.OUTPUT][0],
            [
                ExampleIndicator(
                    _("The service is running (1 = yes)"),
                    frequency=Indicator.Frequency.ONCE,
                    target_value=Decimal(1),
                    target_by=_months_later(today, 3),
                    data_source=_("Project records"),
                    collected_by=moderator,
                ),
                ExampleIndicator(
                    _("Participants sign up"),
                    metric="members_new",
                    data_source=usage,
                    collected_by=moderator,
                ),
            ],
        ),
        ExampleResult(
            Level.SHORT_TERM,
            model[Level.SHORT_TERM][0],
            [
                ExampleIndicator(
                    _("Number of participants"),
                    metric="members_total",
                    target_value=Decimal(500),
                    target_by=_months_later(today, 12),
                    data_source=usage,
                    collected_by=moderator,
                ),
                ExampleIndicator(
                    _("Growth in the number of participants, each month over the previous one"),
                    metric="members_total",
                    direction=Indicator.Direction.UP,
                    data_source=usage,
                    collected_by=moderator,
                ),
            ],
        ),
        ExampleResult(
            Level.INTERMEDIATE,
            model[Level.INTERMEDIATE][0],
            [
                ExampleIndicator(
                    _("Referred members who got the help they needed"),
                    metric="referrals_positive_share",
                    data_source=_("Referral follow-ups (Passerelle)"),
                    collected_by=moderator,
                ),
            ],
        ),
        ExampleResult(Level.LONG_TERM, model[Level.LONG_TERM][0], []),
    ]


def plan() -> dict[str, str]:
    """An evaluation plan to adapt, from the toolkit's section 4.4 and Annex 1."""
    return {
        "purpose": _(
            "Learn from the service's design, delivery and results, and decide what to "
            "change, keep or stop."
        ),
        "reasons": _(
            "Evaluate the pilot, inform the design of a future program, and report to our funder."
        ),
        "timing": _(
            "A full evaluation after the service has run for six months to a year, then every year."
        ),
        "key_questions": _(
            "Did the service achieve what it was designed for? What could be improved? Is "
            "it still relevant and needed?"
        ),
        "data_sources": _(
            "Usage statistics collected every month, user surveys about twice a year, the "
            "indicators of this framework, and conversations with members and partners."
        ),
        "evaluators": _(
            "An independent organization or consultant, for an objective perspective "
            "(budgeted in our funding request)."
        ),
        "principles": _(
            "The safety of participants, ethics, confidentiality and privacy, and diversity "
            "guide the choice of methods and data sources."
        ),
        "sharing": _(
            "A short summary posted to the group in the members' languages, and a "
            "conversation about what will change."
        ),
    }
