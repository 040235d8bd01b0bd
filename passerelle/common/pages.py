"""Numbered pages of long lists that join only the rows they show."""

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property


class _CountedAhead(Paginator):
    """A paginator that counts at most `ahead` rows past the page asked for.

    A search's count reads every row that matches: on a common word, most of the
    service's history. Bounded, the first page costs what its matches' density makes it,
    whatever the history's length; `more` says the bound was reached ("more than N")."""

    def __init__(self, object_list, per_page, number, ahead):
        super().__init__(object_list, per_page)
        try:
            asked = max(int(number), 1)
        except (TypeError, ValueError):
            asked = 1
        self.bound = asked * per_page + ahead
        self.more = False

    @cached_property
    def count(self):
        found = self.object_list[: self.bound + 1].count()
        self.more = found > self.bound
        return min(found, self.bound)


def page_get(queryset, per_page: int, number, *, count_ahead: int | None = None) -> Page:
    """`Paginator(queryset, per_page).get_page(number)`, read in two steps: the ids of the
    page (the database sorts and skips ids only, on an index in the list's order), then the
    rows shown with their joins and prefetches. With a plain OFFSET, the last page of ten
    thousand questions joined the message, member, thread and assignee of every row skipped.

    `count_ahead`: count no further than that many rows after the page (searches); the
    page's `paginator.more` is then true when there are more."""
    ids_query = queryset.values_list("pk", flat=True)
    if count_ahead is None:
        paginator = Paginator(ids_query, per_page)
    else:
        paginator = _CountedAhead(ids_query, per_page, number, count_ahead)
    page = paginator.get_page(number)
    ids = list(page.object_list)
    rows = queryset.in_bulk(ids) if ids else {}
    page.object_list = [rows[pk] for pk in ids]
    return page
