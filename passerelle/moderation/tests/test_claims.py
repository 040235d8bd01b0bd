"""Several moderators: a claim says who is on a member or message, so nobody acts twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.moderation.claims import ClaimConflict, claim_release, claim_take, target_of
from passerelle.moderation.models import MemberWarning, ModerationClaim
from passerelle.moderation.services import warn_member
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff


@pytest.fixture
def second_role(community):
    user, role = make_staff(community, Role.MODERATOR, email="sami@example.org")
    user.first_name = "Sami"
    user.save()
    return role


def test_second_moderator_is_stopped_and_told_who_is_on_it(mod_role, second_role, posting):
    membership, message = posting()
    warn_member(role=mod_role, membership=membership, message=message, clause="offensive")
    with pytest.raises(ClaimConflict) as caught:
        warn_member(role=second_role, membership=membership, message=message, clause="offensive")
    assert "Lina" in str(caught.value)
    assert MemberWarning.objects.count() == 1


def test_expired_claims_can_be_taken_over(mod_role, second_role, posting):
    membership, _message = posting()
    claim_take(role=mod_role, target=target_of(membership))
    ModerationClaim.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    claim = claim_take(role=second_role, target=target_of(membership))
    assert claim.user == second_role.user and ModerationClaim.objects.count() == 1


def test_release_lets_someone_else_act(mod_role, second_role, posting):
    membership, _message = posting()
    claim_take(role=mod_role, target=target_of(membership))
    claim_release(role=second_role, target=target_of(membership))  # not theirs: no effect
    assert ModerationClaim.objects.count() == 1
    claim_release(role=mod_role, target=target_of(membership))
    warn_member(role=second_role, membership=membership, clause="offensive")
    assert ModerationClaim.objects.get().user == second_role.user


def test_renewing_ones_own_claim_extends_it(mod_role, posting):
    membership, _message = posting()
    first = claim_take(role=mod_role, target=target_of(membership), minutes=1)
    second = claim_take(role=mod_role, target=target_of(membership))
    assert second.pk == first.pk and second.expires_at > first.expires_at
