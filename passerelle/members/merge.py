"""One person, two member rows: merging B into A, and undoing it (docs/inbox.md).

Why a registry of handlers rather than one orchestrator above every app (as
privacy.erasure is): the rows that point at a member belong to a dozen apps on every
layer, from conversations up to cases, and each app is the one writer of its tables. Each
app contributes the handler that moves its own rows (`<app>/merge.py`, registered in its
AppConfig.ready), and this module, at the bottom, only runs them in order inside one
transaction and keeps what they moved. A new table pointing at members that no handler
claims makes a merge refuse (the person has rows there) rather than lose or leave them:
`unclaimed_tables` names such tables, and a test asks that there are none.

A handler's `move(ctx)` moves B's rows to A and returns a JSON-able record of exactly what
it moved (ids, and the values it overwrote); `undo(ctx, record)` puts exactly those back.
Handlers run by their `order` (their app's layer, lowest first: INSTALLED_APPS is not in
layer order) and are undone in reverse, so a later handler can read what an earlier one
set in `ctx` (conversations' thread map, communities' membership map).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.members.models import (
    ConsentEvent,
    Identity,
    Member,
    MemberMerge,
    MemberMergeEvent,
    StaffAccess,
)
from passerelle.orgs.permissions import require


@dataclass
class MergeContext:
    """What the handlers of one merge (or its undo) share."""

    kept: Member
    merged: Member
    at: object
    actor: object = None  # the staff user merging or undoing
    # Filled by the handlers that move containers, for those whose rows point into them:
    # {merged's thread id: kept thread id}, {emptied membership id: kept membership id}.
    threads: dict[int, int] = field(default_factory=dict)
    memberships: dict[int, int] = field(default_factory=dict)


@dataclass
class Handler:
    name: str
    order: int
    # The "app_label.Model.field" foreign keys to members.Member this handler moves.
    claims: tuple[str, ...]
    move: Callable[[MergeContext], dict]
    undo: Callable[[MergeContext, dict], None]


_handlers: dict[str, Handler] = {}


def register(name: str, *, order: int, claims, move, undo) -> None:
    """Add an app's merge handler (called from its AppConfig.ready; idempotent). `order`:
    members 0, conversations 10, prompts 20, communities 30, moderation 40, then the apps
    above (questions, referrals, surveys, posts, events…)."""
    _handlers[name] = Handler(name, order, tuple(claims), move, undo)


def handlers() -> list[Handler]:
    return sorted(_handlers.values(), key=lambda h: (h.order, h.name))


def member_foreign_keys() -> list[str]:
    """Every "app_label.Model.field" foreign key to members.Member in the project."""
    found = []
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if f.is_relation and f.concrete and f.related_model is Member:
                found.append(f"{model._meta.label}.{f.name}")
    return sorted(found)


def unclaimed_tables() -> list[str]:
    """Foreign keys to members that no handler moves (a merge refuses if B has rows there)."""
    claimed = {c for h in _handlers.values() for c in h.claims}
    # A tombstone's own pointer and the merge records name both members on purpose.
    claimed |= {"members.Member.merged_into", "members.MemberMerge.kept"}
    claimed |= {"members.MemberMerge.merged"}
    return [fk for fk in member_foreign_keys() if fk not in claimed]


def _unclaimed_rows(member) -> list[str]:
    out = []
    for fk in unclaimed_tables():
        label, name = fk.rsplit(".", 1)
        if apps.get_model(label).objects.filter(**{name: member}).exists():
            out.append(label)
    return out


# -- moving rows ------------------------------------------------------------------------


def rows_move(queryset, **values) -> list[int]:
    """Update the rows to `values` and return the ids that moved. A row a uniqueness rule
    stops (the kept member already has one for that post, wave, event…) stays where it is:
    the person's record is there twice, and nothing is lost. Used by each app's handler on
    its own tables."""
    ids = list(queryset.order_by().values_list("pk", flat=True))
    if not ids:
        return []
    model = queryset.model
    try:
        with transaction.atomic():
            model.objects.filter(pk__in=ids).update(**values)
        return ids
    except IntegrityError:
        pass
    moved = []
    for pk in ids:
        try:
            with transaction.atomic():
                model.objects.filter(pk=pk).update(**values)
            moved.append(pk)
        except IntegrityError:
            continue
    return moved


def rows_restore(model, ids, **values) -> None:
    """Put rows a merge moved back (`values`: what they pointed at before)."""
    if ids:
        model.objects.filter(pk__in=ids).update(**values)


class Moves:
    """The record of a handler whose rows only change what they point at: each move is
    (table, ids, what they pointed at before), undone in reverse by `moves_undo`."""

    def __init__(self):
        self.moves: list = []

    def move(self, queryset, restore: dict, **values) -> list[int]:
        ids = rows_move(queryset, **values)
        if ids:
            self.moves.append([queryset.model._meta.label, ids, restore])
        return ids

    def record(self) -> dict:
        return {"moves": self.moves}


def moves_undo(ctx, record: dict) -> None:
    """Undo a Moves record: every row back to what it pointed at, last move first."""
    for label, ids, restore in reversed(record.get("moves", [])):
        rows_restore(apps.get_model(label), ids, **restore)


def register_moves(name: str, *, order: int, claims, move) -> None:
    """Register a handler whose `move(ctx, moves)` fills a Moves record."""

    def run(ctx):
        moves = Moves()
        move(ctx, moves)
        return moves.record()

    register(name, order=order, claims=claims, move=run, undo=moves_undo)


# -- the merge --------------------------------------------------------------------------


def merge_check(role, kept, merged) -> None:
    """Refuse a merge that cannot be done, with the reason a moderator can act on."""
    require(role, "merge_members")
    if kept.org_id != role.org_id or merged.org_id != role.org_id:
        raise PermissionDenied(_("You are not allowed to do this in this service."))
    if kept.pk == merged.pk:
        raise ValidationError(_("Choose two different people."))
    if kept.is_erased or merged.is_erased:
        raise ValidationError(_("This person's data was erased."))
    if kept.merged_into_id or merged.merged_into_id:
        raise ValidationError(_("One of them was merged already: undo that merge first."))
    if blocked := _unclaimed_rows(merged):
        raise ValidationError(
            _("This person has records the merge cannot move yet (%(tables)s).")
            % {"tables": ", ".join(blocked)}
        )


def member_merge(*, role, kept, merged, at=None) -> MemberMerge:
    """Move everything of `merged` (B) to `kept` (A) and keep B as a tombstone."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = {
            m.pk: m for m in Member.objects.select_for_update().filter(pk__in=[kept.pk, merged.pk])
        }
        kept, merged = locked.get(kept.pk, kept), locked.get(merged.pk, merged)
        merge_check(role, kept, merged)
        ctx = MergeContext(kept=kept, merged=merged, at=at, actor=role.user)
        moved = {h.name: h.move(ctx) for h in handlers()}
        Member.objects.filter(pk=merged.pk).update(merged_into=kept)
        merge = MemberMerge.objects.create(
            org_id=kept.org_id,
            service_id=role.service_id,
            kept=kept,
            merged=merged,
            moved=moved,
            created_by=role.user,
            created_at=at,
        )
        MemberMergeEvent.objects.create(
            org_id=kept.org_id,
            merge=merge,
            kind=MemberMergeEvent.Kind.MERGED,
            actor=role.user,
            data=merge_counts(moved),
            created_at=at,
        )
    return merge


def member_merge_undo(*, role, merge, at=None) -> MemberMerge:
    """Move back exactly what a merge moved and make B a person of their own again."""
    require(role, "merge_members")
    if merge.org_id != role.org_id:
        raise PermissionDenied(_("You are not allowed to do this in this service."))
    at = at or timezone.now()
    with transaction.atomic():
        merge = (
            MemberMerge.objects.select_for_update()
            .select_related("kept", "merged")
            .get(pk=merge.pk)
        )
        if merge.is_undone:
            raise ValidationError(_("This merge was undone already."))
        if merge.kept.merged_into_id:
            raise ValidationError(
                _("The kept person was merged into someone else since: undo that first.")
            )
        ctx = MergeContext(kept=merge.kept, merged=merge.merged, at=at, actor=role.user)
        for h in reversed(handlers()):
            if h.name in merge.moved:
                h.undo(ctx, merge.moved[h.name])
        Member.objects.filter(pk=merge.merged_id).update(merged_into=None)
        merge.undone_at, merge.undone_by = at, role.user
        merge.save(update_fields=["undone_at", "undone_by"])
        MemberMergeEvent.objects.create(
            org_id=merge.org_id,
            merge=merge,
            kind=MemberMergeEvent.Kind.UNDONE,
            actor=role.user,
            data=merge_counts(merge.moved),
            created_at=at,
        )
    return merge


def merge_counts(moved: dict) -> dict[str, int]:
    """How many rows of each table a merge moved ({"conversations.Message": 12, …}): a
    handler's record keeps its moved ids under "app_label.Model" keys, or in a Moves list."""
    out: dict[str, int] = {}
    for record in moved.values():
        pairs = [(label, ids) for label, ids, _restore in record.get("moves", [])]
        pairs += [(k, v) for k, v in record.items() if "." in k and isinstance(v, list)]
        for label, ids in pairs:
            out[label] = out.get(label, 0) + len(ids)
    return out


# -- members' own rows ------------------------------------------------------------------


_OWN = (
    ("members.Identity", Identity),
    ("members.ConsentEvent", ConsentEvent),
    ("members.StaffAccess", StaffAccess),
)


def _members_move(ctx: MergeContext) -> dict:
    b, a = ctx.merged, ctx.kept
    return {label: rows_move(model.objects.filter(member=b), member=a) for label, model in _OWN}


def _members_undo(ctx: MergeContext, record: dict) -> None:
    for label, model in _OWN:
        rows_restore(model, record.get(label), member=ctx.merged)


def register_members() -> None:
    register(
        "members",
        order=0,
        claims=(
            "members.Identity.member",
            "members.ConsentEvent.member",
            "members.StaffAccess.member",
        ),
        move=_members_move,
        undo=_members_undo,
    )
