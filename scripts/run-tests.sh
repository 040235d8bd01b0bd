#!/usr/bin/env bash
# The whole suite on SQLite, then again on PostgreSQL when it is reachable.
# PASSERELLE_REQUIRE_POSTGRES=1 (set by CI) turns an unreachable PostgreSQL into a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${VENV:-.venv}/bin/python"
PG_URL="${PASSERELLE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
WORKERS="${PYTEST_WORKERS:-auto}"
unset DATABASE_URL

echo "== tests on SQLite =="
"$PY" -m pytest -n "$WORKERS" --dist worksteal -p no:cacheprovider "$@"
sqlite_rc=$?

pg_ok=$("$PY" - "$PG_URL" <<'PYEOF'
import sys
try:
    import psycopg
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
    print("yes")
except Exception as exc:  # any failure means "not reachable" here
    print(f"no: {exc}".splitlines()[0])
PYEOF
)
if [ "$pg_ok" != "yes" ]; then
    echo "== PostgreSQL not reachable at $PG_URL ($pg_ok): PostgreSQL run skipped =="
    if [ "${PASSERELLE_REQUIRE_POSTGRES:-0}" = "1" ]; then
        echo "PASSERELLE_REQUIRE_POSTGRES=1: failing because the PostgreSQL run was skipped" >&2
        exit 1
    fi
    exit $sqlite_rc
fi

echo "== tests on PostgreSQL =="
DATABASE_URL="$PG_URL" "$PY" -m pytest -n "$WORKERS" --dist worksteal -p no:cacheprovider "$@"
pg_rc=$?
[ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
