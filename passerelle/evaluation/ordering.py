"""Positions of rows within their list (statements of a level, rows, indicators of a row)."""

from __future__ import annotations

from django.db.models import Max


def next_position(queryset) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


def move_in_list(queryset, obj, offset: int) -> bool:
    """Swap a row with its neighbour in its list; False at either end."""
    siblings = list(queryset.select_for_update().order_by("position", "id"))
    index = next(i for i, s in enumerate(siblings) if s.pk == obj.pk)
    other = index + offset
    if offset not in (-1, 1) or not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    # Renumber the whole list: rows made at the same moment may share a position.
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            type(sibling).objects.filter(pk=sibling.pk).update(position=position)
    return True
