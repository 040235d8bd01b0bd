"""The demo shows moderation at work: clauses, join questions, warnings, reports, a join."""

import pytest

from passerelle.communities import intake_steps
from passerelle.communities.models import Intake, MembershipEvent
from passerelle.demo.seed import seed_demo
from passerelle.moderation.models import MemberWarning, RemovalProposal, Report


@pytest.mark.django_db
def test_demo_seeds_moderation_and_joining_once():
    first = seed_demo()
    service = first["service"]
    guidelines = service.guidelines.get()
    assert guidelines.clause("off_topic")[0] == 3
    assert service.intake_questions.count() == 3
    assert first["warnings_created"] and first["reports_created"]
    assert set(MemberWarning.objects.values_list("kind", flat=True)) == set(MemberWarning.Kind)
    # The warning limit was reached, so the service proposed a removal for a moderator.
    assert RemovalProposal.objects.filter(resolved_at__isnull=True).exists()
    assert set(Report.objects.values_list("source", flat=True)) == {"member", "system"}
    intake = Intake.objects.get(state="review")
    assert intake.membership.status == "pending" and intake.eligible
    assert intake.answers.count() == len(intake_steps.steps(intake))
    counts = (
        MemberWarning.objects.count(),
        Report.objects.count(),
        Intake.objects.count(),
        MembershipEvent.objects.count(),
    )
    second = seed_demo()
    assert second["warnings_created"] == second["reports_created"] == 0
    assert counts == (
        MemberWarning.objects.count(),
        Report.objects.count(),
        Intake.objects.count(),
        MembershipEvent.objects.count(),
    )
