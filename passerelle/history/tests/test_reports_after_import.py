"""An imported history feeds the reports: the Annex 2 figures of each sample export."""

from datetime import date

from passerelle.history import telegram, whatsapp
from passerelle.history.services import history_import
from passerelle.history.tests.samples import ANDROID_GROUP, TORONTO, telegram_bytes, telegram_group
from passerelle.reports.periods import split
from passerelle.reports.usage import activity_table, usage_table

LINES = (
    "members_total",
    "members_new",
    "members_left",
    "members_removed",
    "participants",
    "private_messages",
    "posts",
    "questions_answered",
)


def annex_2(service, start, end):
    table = usage_table(service, split(start, end, "month"))
    return {key: table.row(key).values for key in LINES}


def test_a_whatsapp_export_gives_its_annex_2_figures(service):
    export = whatsapp.read(ANDROID_GROUP, tz=TORONTO)
    history_import(service=service, records=export.records, source="whatsapp")
    # March: Amira creates the group and adds three, Farah joins by link; four post.
    # April: Chloé leaves, David's deleted message, then Amira removes him.
    # May: Bilal's thanks at 00:05 on May 1 (local time: May, not April).
    assert annex_2(service, date(2017, 3, 1), date(2017, 5, 31)) == {
        "members_total": [5, 3, 3],
        "members_new": [5, 0, 0],
        "members_left": [0, 1, 0],
        "members_removed": [0, 1, 0],
        "participants": [3, 1, 1],
        "private_messages": [0, 0, 0],
        "posts": [0, 0, 0],  # an export does not say who was staff
        "questions_answered": [0, 0, 0],
    }
    activity = activity_table(service, split(date(2017, 3, 1), date(2017, 5, 31), "month"))
    assert activity.row("total").values == [0, 0, 0]  # unlabelled until a moderator labels
    assert activity.extra["unlabelled"] == 6


def test_a_telegram_export_gives_its_annex_2_figures(service):
    export = telegram.read(telegram_bytes(telegram_group()), tz=TORONTO)
    history_import(service=service, records=export.records, source="telegram")
    # March: Amira creates, invites Bilal and Chloé, Farah joins by link.
    # April: Chloé removes herself (a leave), Amira removes Bilal (a removal).
    figures = annex_2(service, date(2023, 3, 1), date(2023, 4, 30))
    assert figures["members_total"] == [4, 2]
    assert figures["members_new"] == [4, 0]
    assert figures["members_left"] == [0, 1]
    assert figures["members_removed"] == [0, 1]
    assert figures["participants"][0] == 3  # Bilal, Amira, Farah
