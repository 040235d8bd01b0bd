"""What each figure counts, in words: shown beside the tables and exported with them.

docs/reports.md says the same at more length; keep the two in step.
"""

from django.utils.translation import gettext_lazy as _

DEFINITIONS = {
    "usage": {
        "members_total": _(
            "Memberships in the service at the end of the last day: every join, acceptance "
            "or re-admission up to then, minus every leave or removal."
        ),
        "members_new": _(
            "Memberships that began in the period: a 'joined' or 'accepted' membership event "
            "(someone who left and came back counts again)."
        ),
        "members_left": _(
            "Members who left in the period: /leave, STOP and its translations, or leaving on "
            "the platform ('left' membership events)."
        ),
        "members_removed": _(
            "Members a moderator removed in the period under the guidelines ('removed' "
            "membership events)."
        ),
        "questions_answered": _(
            "Questions asked in the group (the 'request for information' label) whose answer "
            "was given in the period; questions asked privately are left out."
        ),
        "participants": _(
            "Different members who sent at least one message, in the group or privately, in "
            "the period."
        ),
        "private_messages": _(
            "Messages in private conversations in the period: received from members and "
            "written by staff (automatic notices left out)."
        ),
        "posts": _(
            "Posts that went out in the period (to the group or to members privately, each "
            "post once), then the same by post type."
        ),
    },
    "activity": {
        "requests": _("Messages labelled 'request for information', in any conversation."),
        "information": _("Messages labelled 'information'."),
        "referrals": _("Messages labelled 'referral' (each referral sends one)."),
        "messages": _("Messages labelled 'other message'."),
        "total": _("The four lines added up; messages not labelled yet are not counted."),
    },
    "standard": {
        "questions_received": _("Questions received in the period (cancelled ones left out)."),
        "answered_within": _(
            "Of those, the ones whose first response (the answer, or an acknowledgement if "
            "the standard stops the clock on it) came by the due time."
        ),
        "share_within": _(
            "Answered within the standard, as a share of the questions answered or already "
            "past their due time."
        ),
        "median_hours": _(
            "Median time from a question to its first response, counted the way the "
            "standard counts (open hours, or business days)."
        ),
        "p90_hours": _("Nine in ten first responses came within this time."),
        "overdue_now": _(
            "Questions of the period still waiting for an answer past their due time."
        ),
        "private_received": _(
            "Private messages that waited for a staff reply, counted once per run of messages "
            "before a reply, from the first one, whether or not labelled (not toolkit "
            "questions: the usage and activity tables leave them out)."
        ),
        "private_answered_within": _(
            "Of those, the ones a staff reply in the conversation answered by the due time."
        ),
        "private_share_within": _(
            "Answered within the standard, as a share of the private messages answered or "
            "already past their due time."
        ),
        "private_median_hours": _(
            "Median time from a private message to the first staff reply, counted the way the "
            "standard counts."
        ),
        "private_p90_hours": _("Nine in ten first staff replies came within this time."),
        "private_overdue_now": _(
            "Private messages of the period still waiting for a reply past their due time."
        ),
    },
    "busiest_times": {
        "total": _("Member messages by weekday and local hour in the service's time zone."),
    },
    "referrals_by_partner": {
        "total": _(
            "Referrals made in the period, by partner, with the outcome the follow-up "
            "recorded last."
        ),
    },
    "cases": {
        "active_end": _(
            "Client files open at the end of the period: enrolled before its end and not "
            "closed by then (enrolled, paused and limited clients)."
        ),
        "enrolled": _("Client files opened in the period."),
        "closed": _(
            "Client files closed in the period (the service ended), then the same by the "
            "reason recorded on the file."
        ),
        "contacts": _(
            "Private messages from clients with a file, plus the calls logged on the files, in "
            "the period; then each of the two."
        ),
        "contacts_per_client": _(
            "Contacts divided by the clients whose file was open at some time in the period."
        ),
        "followups": _(
            "Follow-ups in the period: marked done by a caseworker, or a check-in sent by the "
            "scheduler when the follow-up date came."
        ),
        "followups_on_time": _(
            "Of those, the ones done by the day after the follow-up date (a check-in is sent "
            "on the date)."
        ),
        "questions": _(
            "Clients' questions and private messages waiting for a reply, received in the "
            "period (cancelled ones left out)."
        ),
        "answered_within": _(
            "Of those, the ones whose first response came by the due time, counted as the "
            "service standard counts."
        ),
        "share_within": _("Answered within the standard, as a share of those received."),
    },
    "referrals_by_category": {
        "total": _("The same referrals by the category of the partner's service."),
    },
    # One row per language: every row shares this definition ("*").
    "languages": {
        "*": _(
            "Members' messages received in the period, by the language they were written in: "
            "found automatically on this server (passerelle.nlp) or corrected by a moderator. "
            "Unknown: one or two words, mixed or Latin-letter Arabic, or finding turned off."
        ),
    },
}


def definition(table_key: str, row_key: str) -> str:
    """The row's definition; a sub-row (posts.information) shares its parent's."""
    rows = DEFINITIONS.get(table_key, {})
    found = rows.get(row_key) or rows.get(row_key.split(".")[0]) or rows.get("*") or ""
    return str(found)
