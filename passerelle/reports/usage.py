"""The toolkit's two usage tables: Annex 2 (usage statistics) and Table 5 (monthly activity)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelle.conversations.models import Label, Message, Thread
from passerelle.posts import selectors as posts
from passerelle.reports import counts
from passerelle.reports.periods import Period
from passerelle.reports.tables import Row, Table

IN, OUT = Message.Direction.IN, Message.Direction.OUT
GROUP, PRIVATE = Thread.Kind.GROUP, Thread.Kind.PRIVATE

# Table 5's rows, in its order and words; "other" is the table's plain "Messages" line.
ACTIVITY_ROWS = (
    (Label.REQUEST, "requests", gettext_lazy("Requests for information")),
    (Label.INFORMATION, "information", gettext_lazy("Information")),
    (Label.REFERRAL, "referrals", gettext_lazy("Referrals")),
    (Label.OTHER, "messages", gettext_lazy("Messages")),
)


def span(service, periods: list[Period]):
    """The aware [start, end) covering every period."""
    return Period(min(p.start for p in periods), max(p.end for p in periods)).bounds(service.tz)


def usage_table(service, periods: list[Period]) -> Table:
    """Annex 2, one column per period (periods may overlap: each is counted on its own)."""
    start, end = span(service, periods)
    membership = counts.Membership(service, until=end)
    days = counts.message_days(service, start, end)
    answered = counts.questions_answered_days(service, start, end)
    published = posts.published_by_type_days(service, start, end)
    # What staff wrote in the group from the inbox (not through posts) counts as published
    # too, as it did before posts had types: the group's staff messages, less the posts'.
    by_posts = posts.post_messages_by_day(service, start, end, group=True)
    from_inbox = {
        day: max(0, n - by_posts.get(day, 0))
        for day, n in counts.select(days, kind=GROUP, direction=OUT, staff=True).items()
    }
    published_all = posts.by_day(published)
    for day, n in from_inbox.items():
        published_all[day] += n
    private = counts.select(days, kind=PRIVATE, direction=IN)
    sent_by_posts = posts.post_messages_by_day(service, start, end, group=False)
    for day, n in counts.select(days, kind=PRIVATE, direction=OUT, staff=True).items():
        private[day] += max(0, n - sent_by_posts.get(day, 0))

    def fold(by_day):
        return counts.fold(by_day, periods)

    rows = [
        Row(
            "members_total",
            _("Total members at the end of the period"),
            membership.members_at_end(periods),
        ),
        Row("members_new", _("New members who joined"), fold(membership.joins)),
        Row("members_left", _("Members who asked to leave"), fold(membership.leaves)),
        Row(
            "members_removed",
            _("Members removed by a moderator under the guidelines"),
            fold(membership.removals),
        ),
        Row(
            "questions_answered",
            _("Questions answered (private messages excluded)"),
            fold(answered),
        ),
        Row(
            "participants",
            _("Members who took part in exchanges"),
            counts.participants(service, periods),
        ),
        Row("private_messages", _("Private messages"), fold(private)),
        Row("posts", _("Posts published"), fold(published_all)),
    ]
    # Posts by their type (the organisation's list); a coalition post counts in each service.
    for slug, name in posts.report_types(service):
        rows.append(Row(f"posts.{slug}", name, fold(posts.by_day(published, slug)), level=1))
    rows.append(
        Row("posts.inbox", _("Written in the group from the inbox"), fold(from_inbox), level=1)
    )
    return Table(
        key="usage",
        title=_("Usage statistics"),
        columns=[p.key for p in periods],
        rows=rows,
        periods=periods,
    )


def activity_table(service, periods: list[Period]) -> Table:
    """Table 5: labelled messages by label, one column per period and a total column."""
    start, end = span(service, periods)
    days = counts.message_days(service, start, end)
    rows, column_totals = [], [0] * len(periods)
    for label, key, name in ACTIVITY_ROWS:
        values = counts.fold(counts.select(days, label=label), periods)
        column_totals = [a + b for a, b in zip(column_totals, values, strict=True)]
        rows.append(Row(key, str(name), values, total=sum(values)))
    rows.append(Row("total", _("Total"), column_totals, total=sum(column_totals)))
    unlabelled = sum(counts.fold(counts.select(days, label=""), periods))
    table = Table(
        key="activity",
        title=_("Monthly activity"),
        columns=[p.key for p in periods],
        rows=rows,
        periods=periods,
        total_label=_("Total"),
        extra={"unlabelled": unlabelled},
    )
    if unlabelled:
        table.notes.append(
            _("%(count)s messages of these periods are not labelled yet and are not counted.")
            % {"count": unlabelled}
        )
    return table
