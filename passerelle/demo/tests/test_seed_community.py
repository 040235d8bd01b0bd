"""The demo shows moderation at work: clauses, join questions, warnings, reports, a join.

Invariants, not totals: each kind of thing a moderator should find in the demo is there,
and a second seed adds nothing anywhere.
"""

import pytest

from passerelle.communities import intake_steps
from passerelle.communities.models import Intake
from passerelle.demo.seed import seed_demo
from passerelle.moderation.models import MemberWarning, RemovalProposal, Report

from .helpers import row_counts


@pytest.mark.django_db
def test_demo_seeds_moderation_and_joining_once():
    first = seed_demo()
    service = first["service"]
    guidelines = service.guidelines.get()
    # Warnings cite numbered clauses, the off-topic one among them.
    assert guidelines.clause("off_topic")[0] >= 1
    assert service.intake_questions.exists()
    warnings = MemberWarning.objects.filter(service=service)
    assert first["warnings_created"] == warnings.count() > 0
    assert {"warning", "off_topic"} <= set(warnings.values_list("kind", flat=True))
    assert all(w.clause_number == guidelines.clause(w.clause)[0] for w in warnings)
    # A member at the warning limit, waiting for a moderator's decision.
    proposal = RemovalProposal.objects.get(service=service, resolved_at__isnull=True)
    assert warnings.filter(membership=proposal.membership).count() >= 2
    reports = Report.objects.filter(service=service)
    assert first["reports_created"] == reports.count() > 0
    assert {"member", "system"} <= set(reports.values_list("source", flat=True))
    # The automatic flag is the detector's, on a number posted in the group.
    flag = reports.get(source="system")
    assert flag.detected == "phone" and flag.suggested_action == "move_private"
    assert flag.message.thread.kind == "group" and "٦١٣" in flag.message.text
    # A join request answered to the end, waiting for review.
    intake = Intake.objects.get(service=service, state="review")
    assert intake.membership.status == "pending"
    steps = [key for key, _question in intake_steps.steps(intake)]
    assert sorted(intake.answers.values_list("key", flat=True)) == sorted(steps)

    before = row_counts()
    second = seed_demo()
    assert second["warnings_created"] == second["reports_created"] == 0
    assert second["join_requests_created"] == 0
    assert row_counts() == before
