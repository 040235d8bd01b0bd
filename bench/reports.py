"""Reports benchmark: the usage, activity, service-standard and busiest-times reports of one
service with a million messages on PostgreSQL, each timed on a new connection.

Builds one service (by default 1,000,000 messages and 20,000 members over three years: see
bench/reports_data.py for the mix) in a database of its own, created for the run and dropped
after it, runs VACUUM ANALYZE, then times `reports.selectors.tables_for` for the 12- and
36-month usage and activity reports (by month) and the 12-month standard and busiest-times
reports, and prints ONE JSON line of figures: seconds (the median of --runs runs), CPU
seconds of the benchmark and its database server process (`cpu_s`: less sensitive than
wall time to other work on the machine, whose load average is in `load_avg`), and the
number of queries of each report.

"Cold" here means: every run opens a new database connection (and sends DISCARD ALL), so no
session cache, prepared plan or Django state carries over. PostgreSQL's shared buffers and
the operating system's page cache are NOT emptied (that needs a server restart or root on
the database host, which a benchmark sharing the server must not do): the figures are for
data already in memory, as on a server that serves reports every day.

    python bench/reports.py                      # 1,000,000 messages, 20,000 members
    python bench/reports.py --smoke              # 20,000 / 1,000, seconds, for CI
    python bench/reports.py --messages N --members M [--runs 3] [--explain]
    python bench/reports.py --keep               # leave the database (its name on stderr)
    python bench/reports.py --reuse DBNAME       # measure a kept database again (migrated)

--smoke also checks the reports' figures for one month against a plain Python count over
the rows generated (exits 1 if they differ). Goal: every report ≤ 1 s at 1,000,000 messages.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SLUG = "bench-reports"
GOAL_S = 1.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="20,000 messages, for CI")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/"),
        help="a PostgreSQL server; a new database is created on it and dropped after",
    )
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per report")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="EXPLAIN (ANALYZE, BUFFERS) of each report's slowest queries, on stderr",
    )
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument("--reuse", metavar="DBNAME", help="measure a database kept earlier")
    parser.add_argument(
        "--check", action="store_true", help="the --smoke figure check, at any size"
    )
    args = parser.parse_args()
    if args.smoke:
        args.messages, args.members, args.check = 20_000, 1_000, True
    return args


def server_url(base: str, name: str) -> str:
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


def setup_django(url: str, data_dir: str):
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "passerelle.settings"
    os.environ.setdefault("PASSERELLE_SECRET_KEY", "bench-reports")
    os.environ["PASSERELLE_DATA_DIR"] = data_dir
    os.environ.setdefault("PASSERELLE_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(args, *, slug=SLUG, questions=None):
    """The service, its staff, channel and partners through the product; the rest in SQL."""
    from django.db import connection, transaction
    from django.utils import timezone
    from reports_data import build as build_rows

    from passerelle.conversations.days import days_rebuild
    from passerelle.conversations.models import Thread
    from passerelle.referrals.models import Category, Partner, PartnerService
    from passerelle.testing.factories import make_channel, make_service, make_staff

    service = make_service(slug=slug)
    staff = [make_staff(service, password=None)[0].pk for _ in range(6)]
    channel = make_channel(service)
    partners = []
    for i, category in enumerate(
        [
            Category.EMPLOYMENT,
            Category.LANGUAGE,
            Category.HEALTH,
            Category.HOUSING,
            Category.LEGAL,
            Category.MENTAL_HEALTH,
            Category.CHILDREN_YOUTH,
        ]
    ):
        partner = Partner.objects.create(org=service.org, name=f"Partner {i + 1}")
        ps = PartnerService.objects.create(
            org=service.org, partner=partner, category=category, name=f"{category.label} help"
        )
        partners.append((partner.pk, ps.pk))
    group = Thread.objects.get(service=service, kind=Thread.Kind.GROUP)
    with transaction.atomic(), connection.cursor() as cursor:
        rows = build_rows(
            cursor,
            org_id=service.org_id,
            service_id=service.pk,
            group_thread_id=group.pk,
            channel_id=channel.pk,
            staff_ids=staff,
            partners=partners,
            members=args.members,
            messages=args.messages,
            now=timezone.now(),
            questions=questions,
        )
    # The rows went in with raw SQL, past conversations.services: count them by day as the
    # migration's backfill does (timed apart: days_s).
    started = time.perf_counter()
    days_rebuild(service)
    rows["days_s"] = round(time.perf_counter() - started, 2)
    return service, rows


def vacuum_analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def cold_connection():
    """A new connection with nothing in its session: the way each report is timed.

    Returns the server process's id (to read its CPU time when the server is local).
    """
    from django.db import connection

    connection.close()
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("DISCARD ALL")
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def process_cpu(pid) -> float | None:
    """CPU seconds a local process has used (None when it is not on this machine)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(service, cases, runs, explain):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from passerelle.reports.selectors import tables_for

    seconds, first, cpu, queries, results = {}, {}, {}, {}, {}
    for name, (report, periods) in cases.items():
        timings, cpus = [], []
        for _ in range(runs):
            backend = cold_connection()
            server_cpu, started_cpu = process_cpu(backend), time.process_time()
            started = time.perf_counter()
            tables = tables_for(service, report, periods)
            timings.append(time.perf_counter() - started)
            if server_cpu is not None:
                # Parallel workers, if any, are other processes: not counted.
                spent = process_cpu(backend) - server_cpu
                cpus.append(spent + time.process_time() - started_cpu)
        cold_connection()
        with CaptureQueriesContext(connection) as captured:
            results[name] = tables_for(service, report, periods)
        queries[name] = len(captured.captured_queries)
        seconds[name] = round(statistics.median(timings), 3)
        first[name] = round(timings[0], 3)
        cpu[name] = round(statistics.median(cpus), 2) if cpus else None
        if explain:
            slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
            explain_queries(name, [q["sql"] for q in slowest])
        del tables
    return seconds, first, cpu, queries, results


def explain_queries(name, sqls):
    from django.db import connection

    for sql in sqls:
        cold_connection()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"== {name}\n{sql}\n{plan}\n", file=sys.stderr)


def on_scratch_database(args, prefix: str, run) -> dict:
    """run(args, database_url, tmp) on a database of its own, dropped after (unless
    --keep or --reuse), as the benchmarks built on this data set do."""
    admin_url = server_url(args.database_url, "postgres")
    name = args.reuse or f"bench_{prefix}_{uuid.uuid4().hex[:8]}"
    if not args.reuse:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory(prefix=f"bench-{prefix}-") as tmp:
            return run(args, server_url(args.database_url, name), tmp)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep or args.reuse:
            print(f"database kept: {name}", file=sys.stderr)
        else:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main():
    result = on_scratch_database(parse_args(), "reports", run)
    print(json.dumps(result))
    if result.get("check") == "failed":
        sys.exit(1)


def run(args, url, tmp):
    started = time.perf_counter()
    setup_django(url, tmp)
    from django.db import connection

    from passerelle.orgs.models import Service
    from passerelle.reports.periods import last_months
    from passerelle.reports.selectors import today_in

    if args.reuse:
        service = Service.objects.get(slug=SLUG)
        rows = None
    else:
        service, rows = build(args)
    vacuum_analyze()
    build_s = time.perf_counter() - started
    today = today_in(service)
    months12, months36 = last_months(today, 12), last_months(today, 36)
    cases = {
        "usage_12m": ("usage", months12),
        "activity_12m": ("activity", months12),
        "usage_36m": ("usage", months36),
        "activity_36m": ("activity", months36),
        "standard_12m": ("standard", months12),
        "busiest_12m": ("busiest_times", months12),
    }
    load_before = os.getloadavg()[0]
    seconds, first, cpu, queries, results = measure(service, cases, args.runs, args.explain)
    load_after = os.getloadavg()[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM conversations_message WHERE service_id = %s", [service.pk]
        )
        messages = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM communities_membership WHERE service_id = %s", [service.pk]
        )
        members = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
        cursor.execute("SELECT pg_total_relation_size('conversations_message')")
        table_bytes = cursor.fetchone()[0]
    result = {
        "bench": "reports",
        "smoke": args.smoke,
        "messages": messages,
        "members": members,
        **{f"{name}_s": value for name, value in seconds.items()},
        "first_run_s": first,
        # CPU seconds of this process and of its database server process per report (median):
        # what a report costs whatever else the machine is doing (1/100 s resolution).
        "cpu_s": cpu,
        "runs": args.runs,
        "queries": queries,
        "build_s": round(build_s, 1),
        "goal_s": GOAL_S,
        "goals_met": all(v <= GOAL_S for v in seconds.values()),
        "messages_table_mb": round(table_bytes / 2**20),
        "pg": pg,
        # Other work on the machine slows every figure: the 1-minute load average.
        "load_avg": [round(load_before, 2), round(load_after, 2)],
        "cpus": os.cpu_count(),
        "cache": "new connection + DISCARD ALL per run; PostgreSQL shared buffers and the OS "
        "page cache were not emptied (cannot be, from here): data in memory",
    }
    if rows:
        result["rows"] = rows
    if args.check:
        from reports_check import check

        problems = check(service, months12, months36, results)
        result["check"] = "failed" if problems else "passed"
        if problems:
            result["check_problems"] = problems[:20]
    return result


if __name__ == "__main__":
    main()
