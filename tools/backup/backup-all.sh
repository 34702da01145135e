#!/usr/bin/env bash
# Every service database into <dir>/<service>-<UTC time>.dump, from the services' own variables
# (`<SERVICE>_DATABASE_URL`, or the owner's `<SERVICE>_MIGRATION_DATABASE_URL` when set).
#   tools/backup/backup-all.sh <dir>
# Each database is its own snapshot, taken one after the other: the services never share a transaction anyway, and
# what one restored service misses of the others' events, Kafka hands it again (docs/RUNBOOK-RESTORE.md).
set -euo pipefail
dir=${1:?usage: $0 <dir>}
mkdir -p "$dir"
here=$(dirname "$0")
stamp=$(date -u +%Y%m%dT%H%M%SZ)
for service in admissions scheduling clinical-notes outcomes webhooks; do
  var=$(echo "$service" | tr 'a-z-' 'A-Z_')
  migration_var="${var}_MIGRATION_DATABASE_URL"
  runtime_var="${var}_DATABASE_URL"
  url=${!migration_var:-${!runtime_var:-}}
  if [ -z "$url" ]; then
    echo "$runtime_var is not set: $service skipped" >&2
    continue
  fi
  "$here/backup.sh" "$url" "$dir/$service-$stamp.dump"
done
