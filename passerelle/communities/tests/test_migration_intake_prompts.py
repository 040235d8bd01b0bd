"""An intake answering questions when the intake moved onto prompts keeps going: migration
0008 gives it its current question as an open prompt, with its reminder and deadline."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("communities", "0007_audit_search_index")]
AFTER = [("communities", "0008_intake_deadlines_on_prompts")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # The models as every migration applied now has them (the other apps at their latest).
    return MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps


@pytest.mark.django_db(transaction=True)
def test_an_intake_in_progress_gets_its_current_question_as_a_prompt():
    apps = _migrate(BEFORE)
    now = timezone.now().replace(microsecond=0)
    org = apps.get_model("orgs", "Organization").objects.create(name="Agence", slug="agence")
    service = apps.get_model("orgs", "Service").objects.create(
        org=org, slug="groupe", name="Groupe", languages=["ar", "fr"]
    )
    member = apps.get_model("members", "Member").objects.create(
        org=org, display_name="Amira", language="ar", created_at=now
    )
    membership = apps.get_model("communities", "Membership").objects.create(
        org=org, service=service, member=member, status="pending"
    )
    apps.get_model("communities", "IntakeQuestion").objects.create(
        org=org, service=service, key="lives_in_area", position=1, kind="yes_no",
        prompts={"ar": "هل تسكنون في المنطقة؟"},
    )  # fmt: skip
    intake = apps.get_model("communities", "Intake").objects.create(
        org=org, service=service, membership=membership, source="start", language="ar",
        started_at=now, remind_at=now + timedelta(hours=20), deadline_at=now + timedelta(hours=70),
    )  # fmt: skip
    apps.get_model("communities", "IntakeAnswer").objects.create(
        org=org, intake=intake, key="language", prompt="?", value="ar", raw="1", answered_at=now
    )
    thread = apps.get_model("conversations", "Thread").objects.create(
        org=org, service=service, member=member, kind="private"
    )
    apps.get_model("conversations", "Message").objects.create(
        org=org, service=service, thread=thread, direction="out", member=member,
        text="هل تسكنون في المنطقة؟\n1. نعم\n2. لا", created_at=now,
    )  # fmt: skip

    apps = _migrate(AFTER)
    prompt = apps.get_model("prompts", "Prompt").objects.get(owner="intake", owner_id=intake.pk)
    assert (prompt.state, prompt.key, prompt.kind) == ("open", "lives_in_area", "yes_no")
    assert prompt.wording.startswith("هل تسكنون") and prompt.thread_id == thread.pk
    assert prompt.remind_at == now + timedelta(hours=20)
    assert prompt.expires_at == now + timedelta(hours=70)

    # And the code of today takes the person's reply as the answer.
    from passerelle.communities.intake import intake_answer
    from passerelle.communities.models import Intake

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    live = Intake.objects.get(pk=intake.pk)
    assert intake_answer(intake=live, text="١", send=False)
    assert live.answers.get(key="lives_in_area").value == "yes"
