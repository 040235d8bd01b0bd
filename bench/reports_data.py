"""The data of bench/reports.py: one service's three years, written with INSERT … SELECT.

Benchmark code may write rows directly (the product's services would take hours for a
million messages), but only rows the product could have written: the service's org and ids
on every row, private messages in the member's own thread and group messages in the
service's one group thread, inbound messages from a member on a channel, staff messages
with their author (automatic notices without one), membership events that replay to each
membership's status, questions on labelled inbound messages, referrals on referred
questions. Every random draw is seeded: two builds of the same size hold the same rows.

Time: the service opens `years` before now and grows: message and join density rise
linearly, so the last 12 months hold about 56 % of the messages. Member n (1…M) joins at
J(n) = start + span·√((n − ½)/M), so the members who have joined by a time t are 1…M·u²
(u = (t − start)/span), and a message written at t comes from one of them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

TEXTS = [
    "كيف أسجل أولادي في المدرسة؟",
    "Bonjour, où puis-je trouver des cours de français gratuits près de chez moi ?",
    "Thank you, that helped a lot!",
    "Is the food bank open on Saturday?",
    "شكرا جزيلا على المعلومات",
    "Quels documents faut-il pour la carte santé ?",
    "Reminder: the employment workshop is on Thursday at 10:00 at the library.",
    "Does anyone know a family doctor who speaks Arabic?",
]


def build(
    cursor,
    *,
    org_id,
    service_id,
    group_thread_id,
    channel_id,
    staff_ids,
    partners,
    members,
    messages,
    now: datetime,
    years=3,
    questions=None,
):
    """Write every row; returns how many of each were written (`questions`: by default
    one per 200 messages)."""
    start = now - timedelta(days=365 * years)
    p = {
        "org": org_id,
        "service": service_id,
        "group": group_thread_id,
        "channel": channel_id,
        "staff": list(staff_ids),
        "nstaff": len(staff_ids),
        "M": members,
        "N": messages,
        "Q": questions or max(20, messages // 200),
        "start": start,
        "span": now - start,
        "now": now,
        "texts": TEXTS,
    }
    cursor.execute("SELECT setseed(0.4242)")
    _members(cursor, p)
    _events(cursor, p)
    _messages(cursor, p)
    _questions(cursor, p)
    _referrals(cursor, p, partners)
    # A second build in the same session (bench/pages.py builds two services) makes its own.
    cursor.execute("DROP TABLE bench_m")
    cursor.execute(
        """UPDATE conversations_thread t SET last_activity_at = m.last
           FROM (SELECT thread_id, max(created_at) AS last FROM conversations_message
                 WHERE service_id = %(service)s GROUP BY thread_id) m
           WHERE t.id = m.thread_id""",
        p,
    )
    counts = {}
    for table in (
        "members_member",
        "communities_membership",
        "communities_membershipevent",
        "conversations_thread",
        "conversations_message",
        "questions_question",
        "referrals_referral",
    ):
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (fixed names)
        counts[table] = cursor.fetchone()[0]
    return counts


def _members(cursor, p):
    # The fate of each member: 12 % leave (a quarter of them come back through a join
    # request), 3 % are removed (40 % of them readmitted), the others stay.
    cursor.execute(
        """
        CREATE TEMP TABLE bench_m AS
        SELECT n, j, fate, via_intake, language, r2, r3,
               nextval(pg_get_serial_sequence('members_member', 'id')) AS member_id,
               nextval(pg_get_serial_sequence('communities_membership', 'id')) AS membership_id,
               CASE WHEN n %% 3 <> 0
                    THEN nextval(pg_get_serial_sequence('conversations_thread', 'id')) END
                 AS thread_id,
               CASE WHEN fate <> 'stay' THEN j + (%(now)s - j) * (0.02 + 0.96 * r1) END
                 AS exit_at
        FROM (
            SELECT n,
                   %(start)s::timestamptz + %(span)s::interval * sqrt((n - 0.5) / %(M)s) AS j,
                   CASE WHEN rf < 0.12 THEN 'left' WHEN rf < 0.15 THEN 'removed'
                        ELSE 'stay' END AS fate,
                   n %% 5 = 0 AS via_intake,
                   (ARRAY['ar', 'fr', 'en', 'fa', 'es'])[1 + n %% 5] AS language,
                   r1, r2, r3
            FROM (SELECT n, random() AS rf, random() AS r1, random() AS r2, random() AS r3
                  FROM generate_series(1, %(M)s) n) draws
        ) fates
        ORDER BY n
        """,
        p,
    )
    # A leaver comes back (r2 < 0.25), a removed member is readmitted (r2 < 0.4), later.
    cursor.execute(
        """
        ALTER TABLE bench_m ADD back_at timestamptz, ADD ended_at timestamptz;
        UPDATE bench_m SET back_at = exit_at + (%(now)s - exit_at) * (0.05 + 0.9 * r3)
        WHERE (fate = 'left' AND r2 < 0.25) OR (fate = 'removed' AND r2 < 0.4);
        UPDATE bench_m SET ended_at = exit_at WHERE fate <> 'stay' AND back_at IS NULL;
        CREATE UNIQUE INDEX ON bench_m (n);
        ANALYZE bench_m;
        """,
        p,
    )
    cursor.execute(
        """
        INSERT INTO members_member (id, org_id, display_name, language, created_at)
        SELECT member_id, %(org)s, 'Member ' || n, language, j - interval '10 minutes'
        FROM bench_m ORDER BY n;
        INSERT INTO members_identity (org_id, member_id, platform, address, created_at)
        SELECT %(org)s, member_id, 'simulator', 'sim-' || n, j - interval '10 minutes'
        FROM bench_m ORDER BY n;
        INSERT INTO communities_membership
            (id, org_id, service_id, member_id, status, joined_at, ended_at)
        SELECT membership_id, %(org)s, %(service)s, member_id,
               CASE WHEN ended_at IS NULL THEN 'active' ELSE fate END,
               CASE WHEN fate = 'left' AND back_at IS NOT NULL THEN back_at ELSE j END,
               ended_at
        FROM bench_m ORDER BY n;
        INSERT INTO conversations_thread
            (id, org_id, service_id, kind, member_id, unread_count, status)
        SELECT thread_id, %(org)s, %(service)s, 'private', member_id, 0, 'open'
        FROM bench_m WHERE thread_id IS NOT NULL ORDER BY n;
        """,
        p,
    )


def _events(cursor, p):
    # Entries and exits, as the services write them, and the events around them that
    # reports must skip (requests, guidelines, warnings, feedback, language changes).
    cursor.execute(
        """
        INSERT INTO communities_membershipevent
            (org_id, service_id, membership_id, kind, actor_id, reason, clause, data, created_at)
        SELECT %(org)s, %(service)s, membership_id, kind, actor, reason, clause, data::jsonb, at
        FROM (
            SELECT membership_id, 'joined' AS kind, NULL::int AS actor, '' AS reason,
                   '' AS clause, '{"via": "simulator"}' AS data, j AS at
            FROM bench_m WHERE NOT via_intake
            UNION ALL
            SELECT membership_id, 'requested', NULL, '', '', '{"source": "join_request"}',
                   j - interval '10 minutes' FROM bench_m WHERE via_intake
            UNION ALL
            SELECT membership_id, 'accepted', NULL, '', '', '{"automatic": true}', j
            FROM bench_m WHERE via_intake
            UNION ALL
            SELECT membership_id, 'guidelines_accepted', NULL, '', '', '{}',
                   j + interval '1 minute' FROM bench_m WHERE n %% 2 = 0
            UNION ALL
            SELECT membership_id, 'left', NULL, '', '', '{"via": "simulator"}', exit_at
            FROM bench_m WHERE fate = 'left'
            UNION ALL
            SELECT membership_id, 'exit_feedback', NULL, 'moved away', '', '{}',
                   exit_at + interval '2 minutes' FROM bench_m WHERE fate = 'left' AND n %% 2 = 1
            UNION ALL
            SELECT membership_id, 'requested', NULL, '', '', '{"source": "join_request"}',
                   back_at - interval '10 minutes' FROM bench_m
            WHERE fate = 'left' AND back_at IS NOT NULL
            UNION ALL
            SELECT membership_id, 'accepted', NULL, '', '', '{"automatic": true}', back_at
            FROM bench_m WHERE fate = 'left' AND back_at IS NOT NULL
            UNION ALL
            SELECT membership_id, 'warned', (%(staff)s::int[])[1 + n %% %(nstaff)s],
                   'off topic', 'respect', '{}', exit_at - (exit_at - j) / 2
            FROM bench_m WHERE fate = 'removed'
            UNION ALL
            SELECT membership_id, 'removed', (%(staff)s::int[])[1 + n %% %(nstaff)s],
                   'repeated insults', 'respect', '{}', exit_at
            FROM bench_m WHERE fate = 'removed'
            UNION ALL
            SELECT membership_id, 'readmitted', (%(staff)s::int[])[1 + n %% %(nstaff)s],
                   'apologised', '', '{}', back_at
            FROM bench_m WHERE fate = 'removed' AND back_at IS NOT NULL
            UNION ALL
            SELECT membership_id, 'language_changed', NULL, '', '', '{"to": "fr"}',
                   j + (%(now)s - j) / 3 FROM bench_m WHERE n %% 29 = 0
        ) events
        ORDER BY at, membership_id
        """,
        p,
    )


def _messages(cursor, p):
    # t: when (density rising linearly); n: a member who had joined by then; a member
    # whose membership ended writes only before its end. Private messages come from the
    # two members in three who have a private thread.
    cursor.execute(
        """
        CREATE TEMP TABLE bench_msg AS
        SELECT g, is_group, rd, rl, ra, rt, m.*,
               CASE WHEN m.ended_at IS NOT NULL AND t > m.ended_at
                    THEN m.j + (t - m.j) * (extract(epoch FROM m.ended_at - m.j)
                                            / extract(epoch FROM %(now)s - m.j))
                    ELSE t END AS at
        FROM (
            SELECT g, rk < 0.7 AS is_group, rd, rl, ra, rt,
                   least(%(now)s, greatest(
                       %(start)s::timestamptz + %(span)s::interval * u,
                       %(start)s::timestamptz + %(span)s::interval * sqrt((n - 0.5) / %(M)s)
                         + interval '1 minute')) AS t,
                   CASE WHEN rk >= 0.7 AND n %% 3 = 0 THEN n - 1 ELSE n END AS n
            FROM (
                SELECT g, u, rk, rd, rl, ra, rt,
                       least(%(M)s, 1 + floor(rm * greatest(1, %(M)s * u * u))::int) AS n
                FROM (SELECT g, sqrt(random()) AS u, random() AS rk, random() AS rd,
                             random() AS rl, random() AS rm, random() AS ra, random() AS rt
                      FROM generate_series(1, %(N)s) g) draws
            ) picked
        ) timed
        JOIN bench_m m USING (n)
        """,
        p,
    )
    # Direction: 85 % of group messages and 55 % of private ones are the members'.
    # Staff messages have an author, except automatic notices (10 % / 15 %).
    # Labels on about half: members' requests and other messages, staff's information,
    # referrals and other messages.
    cursor.execute(
        """
        INSERT INTO conversations_message
            (org_id, service_id, thread_id, channel_id, direction, member_id, author_id,
             text, media_kind, language, detected_language, platform_message_id, extra,
             label, redacted, labelled_by_id, created_at)
        SELECT %(org)s, %(service)s, thread, CASE WHEN inbound THEN %(channel)s END,
               CASE WHEN inbound THEN 'in' ELSE 'out' END,
               CASE WHEN inbound OR NOT is_group THEN member_id END,
               author,
               (%(texts)s::text[])[1 + floor(rt * 8)::int],
               CASE WHEN inbound AND rt > 0.97 THEN 'photo'
                    WHEN inbound AND rt > 0.95 THEN 'voice' ELSE 'text' END,
               language,
               -- What the language assistance would have found on a member's message.
               CASE WHEN inbound THEN language ELSE '' END,
               CASE WHEN inbound THEN 'sim-' || g ELSE '' END,
               '{}'::jsonb, label, '',
               CASE WHEN label <> '' THEN (%(staff)s::int[])[1 + g %% %(nstaff)s] END,
               at
        FROM (
            SELECT *,
                   CASE WHEN is_group THEN %(group)s ELSE thread_id END AS thread,
                   CASE WHEN inbound THEN
                          CASE WHEN rl < 0.25 THEN 'request' WHEN rl < 0.45 THEN 'other'
                               ELSE '' END
                        WHEN author IS NULL THEN ''
                        WHEN rl < 0.35 THEN 'information' WHEN rl < 0.45 THEN 'referral'
                        WHEN rl < 0.55 THEN 'other' ELSE '' END AS label
            FROM (
                SELECT *,
                       rd < CASE WHEN is_group THEN 0.85 ELSE 0.55 END AS inbound,
                       CASE WHEN rd >= CASE WHEN is_group THEN 0.85 ELSE 0.55 END
                                 AND ra < CASE WHEN is_group THEN 0.9 ELSE 0.85 END
                            THEN (%(staff)s::int[])[1 + g %% %(nstaff)s] END AS author
                FROM bench_msg
            ) directed
        ) labelled
        ORDER BY at, g
        """,
        p,
    )
    cursor.execute("DROP TABLE bench_msg")


def _questions(cursor, p):
    # Questions on labelled requests: most answered (minutes to three days), some referred,
    # closed, cancelled, a few still waiting (overdue) or acknowledged; the last four days'
    # still open.
    cursor.execute(
        """
        INSERT INTO questions_question
            (org_id, service_id, thread_id, message_id, member_id, status, assignee_id,
             received_at, due_at, warn_at, breached_at, acknowledged_at, answered_at,
             closed_at, created_at, source)
        SELECT %(org)s, %(service)s, thread_id, id, member_id, status, assignee,
               created_at,
               CASE WHEN waiting THEN created_at + interval '24 hours' END,
               CASE WHEN waiting THEN created_at + interval '22 hours' END,
               CASE WHEN waiting AND created_at + interval '24 hours' < %(now)s
                    THEN created_at + interval '24 hours' END,
               CASE WHEN status = 'acknowledged' OR (status = 'answered' AND r3 < 0.15)
                    THEN created_at + (delay * 0.3) END,
               CASE WHEN status IN ('answered', 'referred') THEN created_at + delay END,
               CASE WHEN status = 'closed' THEN created_at + delay END,
               created_at, 'labelled'
        FROM (SELECT *, status IN ('open', 'acknowledged') AS waiting FROM (
            SELECT *,
                   CASE WHEN created_at > %(now)s - interval '4 days'
                             THEN CASE WHEN r1 < 0.8 THEN 'open' ELSE 'acknowledged' END
                        WHEN r1 < 0.75 THEN 'answered' WHEN r1 < 0.83 THEN 'referred'
                        WHEN r1 < 0.88 THEN 'closed' WHEN r1 < 0.93 THEN 'cancelled'
                        WHEN r1 < 0.97 THEN 'open' ELSE 'acknowledged' END AS status,
                   interval '1 minute' * (5 + r2 * r2 * r2 * 4300) AS delay,
                   (%(staff)s::int[])[1 + id %% %(nstaff)s] AS assignee
            FROM (
                SELECT id, thread_id, member_id, created_at,
                       random() AS r1, random() AS r2, random() AS r3
                FROM conversations_message
                WHERE service_id = %(service)s AND direction = 'in' AND label = 'request'
                -- Not random(): ORDER BY random() would reuse r1, the sort key, above.
                ORDER BY md5(id::text) LIMIT %(Q)s
            ) sample
        ) decided) waiting
        ORDER BY created_at
        """,
        p,
    )
    cursor.execute(
        """
        INSERT INTO questions_questionevent (org_id, question_id, kind, actor_id, data, created_at)
        SELECT org_id, id, kind, actor, '{}'::jsonb, at FROM (
            SELECT org_id, id, 'opened' AS kind, NULL::int AS actor, received_at AS at
            FROM questions_question WHERE service_id = %(service)s
            UNION ALL
            SELECT org_id, id, 'acknowledged', assignee_id, acknowledged_at
            FROM questions_question
            WHERE service_id = %(service)s AND acknowledged_at IS NOT NULL
            UNION ALL
            SELECT org_id, id, CASE WHEN status = 'referred' THEN 'referred' ELSE 'answered' END,
                   assignee_id, answered_at
            FROM questions_question WHERE service_id = %(service)s AND answered_at IS NOT NULL
            UNION ALL
            SELECT org_id, id, 'cancelled', assignee_id, received_at + interval '1 hour'
            FROM questions_question WHERE service_id = %(service)s AND status = 'cancelled'
        ) events ORDER BY at, id
        """,
        p,
    )


def _referrals(cursor, p, partners):
    # One referral per referred question, to a partner's service; the follow-up goes out a
    # week later and most members answer it.
    p = {**p, "partner_ids": [a for a, _ in partners], "service_ids": [b for _, b in partners]}
    p["npartners"] = len(partners)
    cursor.execute(
        """
        INSERT INTO referrals_referral
            (org_id, service_id, question_id, member_id, partner_id, partner_service_id,
             language, message_id, created_by_id, created_at, followup_days, followup_due_at,
             followup_sent_at, followup_count, followup_error, outcome, outcome_at)
        SELECT %(org)s, %(service)s, id, member_id,
               (%(partner_ids)s::bigint[])[k], (%(service_ids)s::bigint[])[k],
               'fr', message_id, assignee_id, answered_at, 7,
               CASE WHEN NOT sent THEN answered_at + interval '7 days' END,
               CASE WHEN sent THEN answered_at + interval '7 days' END,
               CASE WHEN sent THEN 1 ELSE 0 END, '',
               outcome,
               CASE WHEN outcome <> 'pending' THEN answered_at + interval '8 days' END
        FROM (
            SELECT q.*, 1 + (q.id * 7) %% %(npartners)s AS k,
                   q.answered_at + interval '8 days' < %(now)s AS sent,
                   CASE WHEN q.answered_at + interval '8 days' >= %(now)s THEN 'pending'
                        WHEN r < 0.5 THEN 'yes' WHEN r < 0.7 THEN 'no'
                        WHEN r < 0.85 THEN 'not_yet' ELSE 'pending' END AS outcome
            FROM (SELECT *, random() AS r FROM questions_question
                  WHERE service_id = %(service)s AND status = 'referred') q
        ) chosen
        ORDER BY answered_at
        """,
        p,
    )
