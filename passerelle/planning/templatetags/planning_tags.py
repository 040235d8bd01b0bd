from django import template

from passerelle.planning.selectors import READ, overdue_reviews
from passerelle.reports.selectors import today_in

register = template.Library()


@register.filter
def staff_name(user) -> str:
    """A staff member's name, else their e-mail; a dash when there is nobody (a deleted
    account, a row without an owner)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.email


@register.inclusion_tag("planning/partials/_overdue.html")
def risks_overdue(role):
    """The dashboard's notice of risks past their review date (one indexed query; nothing
    for a role that cannot read the register). A tag, so that the reports' dashboard shows
    it without importing the planning app, which sits above reports."""
    if role is None or not role.can(READ):
        return {"role": role, "risks_overdue": 0}
    return {"role": role, "risks_overdue": overdue_reviews(role, today_in(role.service))}
