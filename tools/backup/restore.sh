#!/usr/bin/env bash
# A dump made by backup.sh into an EMPTY database (docs/RUNBOOK-RESTORE.md): all of it or nothing.
#   tools/backup/restore.sh <dump-file> <database-url>
# One transaction, stopping at the first error: a half-restored database never serves. Objects belong to the role
# of <database-url> (use the service's owner/migration role, as `<SERVICE>_MIGRATION_DATABASE_URL` does).
# PG_BIN: the directory of pg_restore, when it is not on PATH.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 <dump-file> <database-url>" >&2
  exit 64
fi
dump=$1
url=$2
pg_bin=${PG_BIN:-}
if [ -z "$pg_bin" ]; then
  if command -v pg_restore >/dev/null; then pg_bin=$(dirname "$(command -v pg_restore)"); else pg_bin=/usr/lib/postgresql/15/bin; fi
fi
tables=$("$pg_bin/psql" --no-psqlrc --tuples-only --no-align --dbname="$url" --command "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "$url has $tables tables: restore into a new, empty database" >&2
  exit 65
fi
"$pg_bin/pg_restore" --exit-on-error --single-transaction --no-owner --dbname="$url" "$dump"
# The planner's statistics are not in a dump: without them the first queries plan as on empty tables.
"$pg_bin/psql" --no-psqlrc --quiet --dbname="$url" --command "ANALYZE"
echo "restored $dump into $url"
