#!/usr/bin/env bash
# A PostgreSQL streaming replica of the primary at 127.0.0.1:5432, as a second cluster on this
# machine (default: 15/fc_replica on 127.0.0.1:5433), made with `pg_basebackup -R`.
# Idempotent: a replica that already streams is left alone; a stopped one is started; one that
# cannot catch up (or `--rebuild`) is made again from a fresh base backup.
# Streaming replication copies every database, including ones created later (pytest's test
# databases), so tests can write on the primary and read the same rows on the replica.
set -euo pipefail

PG_VERSION="${PG_VERSION:-15}"
CLUSTER="${REPLICA_CLUSTER:-fc_replica}"
PORT="${REPLICA_PORT:-5433}"
PRIMARY_HOST="${PRIMARY_HOST:-127.0.0.1}"
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
PRIMARY="host=$PRIMARY_HOST port=$PRIMARY_PORT user=postgres"
REPLICA="host=127.0.0.1 port=$PORT user=postgres dbname=postgres"
DATA="/var/lib/postgresql/$PG_VERSION/$CLUSTER"
CONF="/etc/postgresql/$PG_VERSION/$CLUSTER"
REBUILD=0
[[ "${1:-}" == "--rebuild" ]] && REBUILD=1

say() { echo "replica: $*"; }
# The server's files belong to the postgres user; run its tools as that user.
as_postgres() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
q_primary() { psql "$PRIMARY dbname=postgres" -XtAqc "$1"; }
q_replica() { psql "$REPLICA connect_timeout=3" -XtAqc "$1" 2>/dev/null; }
exists() { pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$CLUSTER" '$1==v && $2==c {f=1} END {exit !f}'; }
streaming() {
  [[ "$(q_replica "SELECT pg_is_in_recovery()::text || ':' || coalesce((SELECT status FROM pg_stat_wal_receiver), 'none')")" == "true:streaming" ]]
}
wait_streaming() {
  # A test run that died mid-way may have left WAL replay paused; replay must be running.
  for _ in $(seq "${1:-60}"); do streaming && q_replica "SELECT pg_wal_replay_resume()" >/dev/null && return 0; sleep 1; done
  return 1
}

pg_isready -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -q || { say "the primary at $PRIMARY_HOST:$PRIMARY_PORT is not up"; exit 1; }

# The primary must accept replication connections from this machine.
if ! psql "$PRIMARY replication=true" -XtAqc "IDENTIFY_SYSTEM" >/dev/null 2>&1; then
  hba="$(q_primary "SHOW hba_file")"
  say "allowing local replication connections in $hba"
  echo "host replication postgres 127.0.0.1/32 trust  # added by factcheck .ci/replica.sh" >>"$hba"
  q_primary "SELECT pg_reload_conf()" >/dev/null
  sleep 1
  psql "$PRIMARY replication=true" -XtAqc "IDENTIFY_SYSTEM" >/dev/null \
    || { say "the primary still refuses replication connections"; exit 1; }
fi
[[ "$(q_primary "SHOW wal_level")" != "minimal" ]] || { say "the primary runs wal_level=minimal; set replica"; exit 1; }

if exists && [[ $REBUILD == 0 ]]; then
  if wait_streaming 1; then say "$PG_VERSION/$CLUSTER on port $PORT is streaming"; exit 0; fi
  say "starting $PG_VERSION/$CLUSTER"
  pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$CLUSTER" start 2>/dev/null || true
  if wait_streaming 30; then say "$PG_VERSION/$CLUSTER on port $PORT is streaming"; exit 0; fi
  say "$PG_VERSION/$CLUSTER does not stream (it may have fallen too far behind); rebuilding"
fi

if exists; then
  pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$CLUSTER" stop -m fast 2>/dev/null || true
  pg_dropcluster "$PG_VERSION" "$CLUSTER"
fi

say "creating $PG_VERSION/$CLUSTER on port $PORT from a base backup of $PRIMARY_HOST:$PRIMARY_PORT"
pg_createcluster "$PG_VERSION" "$CLUSTER" --port "$PORT" >/dev/null
# A hot standby needs these at least as high as on the primary.
{
  echo "# factcheck .ci/replica.sh: a hot standby for tests"
  echo "listen_addresses = '127.0.0.1'"
  echo "port = $PORT"
  echo "hot_standby = on"
  echo "shared_buffers = 32MB"
  for setting in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
    echo "$setting = $(q_primary "SHOW $setting")"
  done
} >"$CONF/conf.d/90-replica.conf"
cat >"$CONF/pg_hba.conf" <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
find "$DATA" -mindepth 1 -delete
# -R writes standby.signal and primary_conninfo; -X stream carries the WAL written meanwhile.
as_postgres pg_basebackup -d "$PRIMARY application_name=$CLUSTER" -D "$DATA" -R -X stream -c fast
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$CLUSTER" start
if wait_streaming 60; then
  say "$PG_VERSION/$CLUSTER on port $PORT is streaming from $PRIMARY_HOST:$PRIMARY_PORT"
else
  say "$PG_VERSION/$CLUSTER started but does not stream; see /var/log/postgresql/postgresql-$PG_VERSION-$CLUSTER.log"
  exit 1
fi
