#!/usr/bin/env bash
# One service database to one dump file (pg_dump's custom format: compressed, restorable table by table).
#   tools/backup/backup.sh <database-url> <dump-file>
# A consistent snapshot of the whole database (one transaction), taken while the service runs; events, read models,
# the inbox, checkpoints and idempotency keys all from the same instant. Objects are dumped without their owner
# (restored as the restoring role) and with their grants (the service's runtime role must exist where it is restored).
# PG_BIN: the directory of pg_dump, when it is not on PATH (its major version at least the server's).
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 <database-url> <dump-file>" >&2
  exit 64
fi
url=$1
out=$2
pg_bin=${PG_BIN:-}
if [ -z "$pg_bin" ]; then
  if command -v pg_dump >/dev/null; then pg_bin=$(dirname "$(command -v pg_dump)"); else pg_bin=/usr/lib/postgresql/15/bin; fi
fi
# Written aside and renamed once complete: a dump that failed halfway never looks like a backup.
"$pg_bin/pg_dump" --format=custom --compress=6 --no-owner --file="$out.partial" --dbname="$url"
mv -f "$out.partial" "$out"
echo "$out: $(wc -c <"$out") bytes"
