from django import template

register = template.Library()


@register.filter
def staff_name(user) -> str:
    """A staff member's name, else their e-mail; a dash when there is nobody (a deleted
    account, a row without an owner)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.email
