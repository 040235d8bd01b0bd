"""The toolkit's own figures (seed 000, Table 5): tests reproduce them, the demo shows them.

Table 5 is the monthly activity of the Refugee 613 group, March 2017 – February 2018. The
seed prints September's referrals as 199; every total shows it is 19.
"""

from datetime import date, datetime, time, timedelta

TABLE_5_MONTHS = [date(2017 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(3, 15)]
TABLE_5 = {
    "request": [23, 32, 22, 14, 15, 23, 21, 24, 21, 22, 23, 39],
    "information": [10, 10, 13, 9, 7, 11, 12, 20, 13, 15, 11, 38],
    "referral": [27, 38, 18, 6, 8, 19, 19, 37, 14, 8, 16, 11],
    "other": [42, 39, 47, 39, 30, 35, 29, 58, 28, 29, 47, 35],
}
TABLE_5_TOTALS = [102, 119, 100, 68, 60, 88, 81, 139, 76, 74, 97, 123]
TABLE_5_ROW_TOTALS = {"request": 279, "information": 169, "referral": 221, "other": 458}
TABLE_5_GRAND_TOTAL = 1127


def table_5_records(*, group_thread, private_thread, member, staff, first_month: date, tz):
    """The messages behind Table 5, for `messages_record`, from `first_month` on.

    Requests and plain messages come from the member in the group, information is staff's
    answer in the group, referrals go privately (as referral_create sends them). Each month's
    messages are spread over its days at 10:00 local time plus a minute per message.
    """
    senders = {
        "request": (group_thread, "in"),
        "information": (group_thread, "out"),
        "referral": (private_thread, "out"),
        "other": (group_thread, "in"),
    }
    for index in range(12):
        month = date(
            first_month.year + (first_month.month - 1 + index) // 12,
            (first_month.month - 1 + index) % 12 + 1,
            1,
        )
        for label, per_month in TABLE_5.items():
            thread, direction = senders[label]
            for n in range(per_month[index]):
                day = month + timedelta(days=n % 28)
                at = datetime.combine(day, time(10), tzinfo=tz) + timedelta(minutes=n)
                yield {
                    "thread": thread,
                    "direction": direction,
                    "text": f"{label} {n + 1}",
                    "at": at,
                    "member": member if direction == "in" else None,
                    "author": staff if direction == "out" else None,
                    "label": label,
                    "labelled_by": staff,
                }
