"""Numbered pages of long lists that join only the rows they show."""

from django.core.paginator import Page, Paginator


def page_get(queryset, per_page: int, number) -> Page:
    """`Paginator(queryset, per_page).get_page(number)`, read in two steps: the ids of the
    page (the database sorts and skips ids only, on an index in the list's order), then the
    rows shown with their joins and prefetches. With a plain OFFSET, the last page of ten
    thousand questions joined the message, member, thread and assignee of every row skipped."""
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    ids = list(page.object_list)
    rows = queryset.in_bulk(ids) if ids else {}
    page.object_list = [rows[pk] for pk in ids]
    return page
