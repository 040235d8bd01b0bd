"""One member's data in one service, as a ZIP of JSON and CSV (a copy to give the person).

Everything Passerelle holds about them there: who they are and their addresses, their
memberships and every event, join requests with each question and answer, consents, every
message they wrote and every message of their private conversation, questions, referrals,
warnings, removal proposals, the reports they made and the survey answers still linked to
them (named surveys, a response being answered). Staff are named only as "staff":
the person's copy of their data is not a list of who works on the service.
"""

import csv
import io
import json
import zipfile

from django.db.models import Q
from django.utils import timezone

from passerelle.cases.models import CallLog, CaseEvent, CaseNote, ClientFile
from passerelle.communities.models import Intake, IntakeAnswer, Membership, MembershipEvent
from passerelle.conversations.models import Message
from passerelle.events.models import Registration
from passerelle.members.models import ConsentEvent, StaffAccess
from passerelle.members.services import staff_access_record
from passerelle.moderation.models import MemberWarning, RemovalProposal, Report
from passerelle.orgs.permissions import require
from passerelle.questions.models import Question, QuestionEvent
from passerelle.referrals.models import Referral
from passerelle.surveys.models import SurveyAnswer

README = """Data held about one person by {service} ({org}), exported {at} (UTC).

data.json holds every table below, exact. Each table is also a CSV file (UTF-8) that
spreadsheets open; a cell that starts with = + - or @ gets a leading ' so that a
spreadsheet shows it as text instead of running it.

{tables}

Times are in UTC. "by" is "staff" for something a staff member did, "system" for what the
service did on its own. Messages removed at the person's request or under the retention
policy have an empty text and say why in "redacted".
"""

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _by(user) -> str:
    return "staff" if user is not None else "system"


def member_data(*, service, member) -> dict[str, list[dict]]:
    """Every table of the export, each a list of plain dicts (JSON-ready)."""
    memberships = list(
        Membership.objects.filter(service=service, member=member).select_related(
            "guidelines_accepted"
        )
    )
    intakes = list(
        Intake.objects.filter(service=service, membership__member=member)
        .select_related("guidelines")
        .order_by("started_at", "id")
    )
    messages = list(
        Message.objects.filter(service=service)
        .filter(Q(member=member) | Q(thread__member=member))
        .select_related("thread", "removal")
        .order_by("created_at", "id")
    )
    questions = list(
        Question.objects.filter(service=service, member=member).order_by("received_at", "id")
    )
    tables = {
        "member": [
            {
                "id": member.pk,
                "name": member.display_name,
                "language": member.language,
                "first_contact": member.created_at,
                "erased_at": member.erased_at,
            }
        ],
        "identities": [
            {"platform": i.platform, "address": i.address, "since": i.created_at}
            for i in member.identities.order_by("platform", "id")
        ],
        "memberships": [
            {
                "id": m.pk,
                "status": m.status,
                "joined_at": m.joined_at,
                "ended_at": m.ended_at,
                "guidelines_version": m.guidelines_accepted.version
                if m.guidelines_accepted
                else None,
                "muted_until": m.muted_until,
            }
            for m in memberships
        ],
        "membership_events": [
            {
                "membership": e.membership_id,
                "kind": e.kind,
                "at": e.created_at,
                "by": _by(e.actor_id),
                "reason": e.reason,
                "clause": e.clause,
                "details": json.dumps(e.data, ensure_ascii=False, sort_keys=True),
            }
            for e in MembershipEvent.objects.filter(membership__in=memberships).order_by(
                "created_at", "id"
            )
        ],
        "intakes": [
            {
                "id": i.pk,
                "membership": i.membership_id,
                "source": i.source,
                "state": i.state,
                "language": i.language,
                "guidelines_version": i.guidelines.version if i.guidelines else None,
                "eligible": i.eligible,
                "started_at": i.started_at,
                "completed_at": i.completed_at,
                "decided_at": i.decided_at,
                "decision_reason": i.decision_reason,
            }
            for i in intakes
        ],
        "intake_answers": [
            {
                "intake": a.intake_id,
                "key": a.key,
                "question": a.prompt,
                "answer": a.value,
                "as_typed": a.raw,
                "skipped": a.skipped,
                "at": a.answered_at,
            }
            for a in IntakeAnswer.objects.filter(intake__in=intakes).order_by("answered_at", "id")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "action": c.action,
                "version": c.version,
                "through": c.via,
                "scope": c.scope,
                "signed_form": bool(c.document_id),
                "note": c.note,
                "at": c.created_at,
                "by": _by(c.recorded_by_id),
            }
            for c in ConsentEvent.objects.filter(service=service, member=member)
        ],
        "messages": [
            {
                "id": m.pk,
                "conversation": m.thread.kind,
                "direction": m.direction,
                "from": ("you" if m.direction == "in" else _by(m.author_id)),
                "at": m.created_at,
                "text": m.text,
                "media": m.media_kind,
                "file_name": ((m.extra or {}).get("media") or {}).get("file_name", ""),
                "language": m.language,
                "label": m.label,
                "reply_to": m.reply_to_id,
                "earlier_versions": json.dumps(
                    [e.get("text", "") for e in (m.extra or {}).get("edits", [])],
                    ensure_ascii=False,
                ),
                "deleted_by_moderator": hasattr(m, "removal"),
                "redacted": m.redacted,
            }
            for m in messages
        ],
        "questions": [
            {
                "id": q.pk,
                "message": q.message_id,
                "status": q.status,
                # "private": a private message timed automatically, not a labelled question.
                "source": q.source,
                "received_at": q.received_at,
                "due_at": q.due_at,
                "answered_at": q.answered_at,
                "closed_at": q.closed_at,
            }
            for q in questions
        ],
        "question_events": [
            {"question": e.question_id, "kind": e.kind, "at": e.created_at, "by": _by(e.actor_id)}
            for e in QuestionEvent.objects.filter(question__in=questions).order_by(
                "created_at", "id"
            )
        ],
        "referrals": [
            {
                "id": r.pk,
                "question": r.question_id,
                "partner": r.partner.name,
                "partner_service": r.partner_service.name if r.partner_service else "",
                "at": r.created_at,
                "language": r.language,
                "followup_sent_at": r.followup_sent_at,
                "outcome": r.outcome,
                "outcome_at": r.outcome_at,
            }
            for r in Referral.objects.filter(service=service, member=member)
            .select_related("partner", "partner_service")
            .order_by("created_at", "id")
        ],
        "warnings": [
            {
                "id": w.pk,
                "kind": w.kind,
                "clause": w.clause,
                "clause_number": w.clause_number,
                "reason": w.reason,
                "message": w.message_id,
                "at": w.created_at,
                "expires_at": w.expires_at,
                "withdrawn_at": w.withdrawn_at,
            }
            for w in MemberWarning.objects.filter(
                service=service, membership__member=member
            ).order_by("created_at", "id")
        ],
        "removal_proposals": [
            {
                "reason": p.reason,
                "clause": p.clause,
                "at": p.created_at,
                "resolved_at": p.resolved_at,
                "outcome": p.outcome,
            }
            for p in RemovalProposal.objects.filter(
                service=service, membership__member=member
            ).order_by("created_at", "id")
        ],
        # What a survey still links to them: named surveys, and a response being answered
        # (an anonymous one is joined to nobody once it ends: docs/surveys.md).
        "survey_answers": [
            {
                "survey": a.response.survey.name,
                "response": a.response_id,
                "state": a.response.state,
                "question": a.wording,
                "language": a.language,
                "value": a.value,
                "skipped": a.skipped,
            }
            for a in SurveyAnswer.objects.filter(response__service=service, response__member=member)
            .select_related("response__survey")
            .order_by("response_id", "question__position", "id")
        ],
        "event_registrations": [
            {
                "event": r.event_id,
                "starts_at": r.event.starts_at,
                "state": r.state,
                "via": r.via,
                "registered_at": r.registered_at,
            }
            for r in Registration.objects.filter(event__service=service, member=member)
            .select_related("event")
            .order_by("registered_at", "id")
        ],
        # Case management (docs/cases.md): the client file, what happened on it, the
        # caseworkers' notes and the calls logged — the person's file is theirs to read.
        **case_tables(service=service, member=member),
        "reports_made": [
            {"message": r.message_id, "reason": r.reason, "at": r.created_at}
            for r in Report.objects.filter(service=service, reporter=member).order_by(
                "created_at", "id"
            )
        ],
    }
    return {
        name: [{k: _value(v) for k, v in row.items()} for row in rows]
        for name, rows in tables.items()
    }


def case_tables(*, service, member) -> dict[str, list[dict]]:
    files = list(ClientFile.objects.filter(service=service, member=member))
    ids = [f.pk for f in files]
    return {
        "client_file": [
            {
                "id": f.pk,
                "status": f.status,
                "status_reason": f.status_reason,
                "languages": ", ".join(f.languages),
                "preferred_times": f.preferred_times,
                "help_way": f.help_way,
                "digital_skills": f.digital_skills,
                "goals": ", ".join(f.goals),
                "goals_text": f.goals_text,
                "emergency_contacts": f.emergency_contacts,
                "followup": f.followup_cadence,
                "next_followup_at": f.next_followup_at,
                "enrolled_at": f.enrolled_at,
                "closed_at": f.closed_at,
                "caseworker": _by(f.caseworker_id) if f.caseworker_id else "",
            }
            for f in files
        ],
        "case_events": [
            {
                "file": e.file_id,
                "kind": e.kind,
                "at": e.created_at,
                "by": _by(e.actor_id),
                "message": e.message_id,
                "reason": e.reason,
                "details": json.dumps(e.data, ensure_ascii=False, default=str),
            }
            for e in CaseEvent.objects.filter(file_id__in=ids).order_by("created_at", "id")
        ],
        "case_notes": [
            {
                "file": n.file_id,
                "at": n.created_at,
                "by": _by(n.author_id),
                "message": n.message_id,
                "text": n.text,
            }
            for n in CaseNote.objects.filter(file_id__in=ids).order_by("created_at", "id")
        ],
        "calls": [
            {
                "file": c.file_id,
                "kind": c.kind,
                "at": c.occurred_at,
                "minutes": c.duration_minutes,
                "summary": c.summary,
                "by": _by(c.logged_by_id),
            }
            for c in CallLog.objects.filter(file_id__in=ids).order_by("occurred_at", "id")
        ],
    }


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    if not rows:
        return ""
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: ("'" + v if isinstance(v, str) and v.startswith(_FORMULA) else v)
                for k, v in row.items()
            }
        )
    return out.getvalue()


def member_export(*, service, member, at=None) -> bytes:
    """The ZIP: data.json, one CSV per table, and a README saying what is in it."""
    at = at or timezone.now()
    tables = member_data(service=service, member=member)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt",
            README.format(
                service=service.name,
                org=service.org.name,
                at=at.strftime("%Y-%m-%d %H:%M"),
                tables="\n".join(f"- {name}.csv: {len(rows)}" for name, rows in tables.items()),
            ),
        )
        archive.writestr(
            "data.json", json.dumps(tables, ensure_ascii=False, indent=2, sort_keys=False)
        )
        for name, rows in tables.items():
            # With a byte-order mark: spreadsheets then read Arabic and accents right.
            archive.writestr(f"{name}.csv", "\ufeff" + _csv(rows))
    return buffer.getvalue()


def export_filename(service, member, at=None) -> str:
    at = at or timezone.now()
    return f"{service.slug}-member-{member.pk}-{at:%Y%m%d}.zip"


def member_export_checked(*, role, member) -> bytes:
    """A moderator or administrator downloads a member's data; the access is logged."""
    require(role, "export")
    data = member_export(service=role.service, member=member)
    staff_access_record(
        service=role.service, member=member, user=role.user, kind=StaffAccess.Kind.EXPORT
    )
    return data


def member_export_by_operator(*, service, member) -> bytes:
    """An operator exports at the command line; logged with no staff account ("cli")."""
    data = member_export(service=service, member=member)
    staff_access_record(
        service=service, member=member, user=None, kind=StaffAccess.Kind.EXPORT, detail="cli"
    )
    return data
