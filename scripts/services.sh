#!/usr/bin/env bash
# Real services for tests and CI on a Debian 12 machine where we are root and have no Docker engine:
# PostgreSQL 15 (the apt cluster), Redis, a Temporal CLI dev server and Mailpit (SMTP with a web inbox and API).
# Idempotent: `up` starts only what is down. It also installs Prometheus (not started: the metrics test runs its own
# instance against the processes it starts).
#   bash scripts/services.sh up|down|env        eval "$(bash scripts/services.sh env)"
set -euo pipefail
cd "$(dirname "$0")/.."

PG_VERSION=15
PG_CLUSTER=main
PG_PORT=5432
DATABASES=(fleet fleet_test fleet_bench)
REDIS_PORT=6379
TEMPORAL_PORT=7233
TEMPORAL_LOG=/tmp/fleet-temporal.log
TEMPORAL_PID=/tmp/fleet-temporal.pid
MAILPIT_SMTP_PORT=1025
MAILPIT_HTTP_PORT=8025
MAILPIT_LOG=/tmp/fleet-mailpit.log
MAILPIT_PID=/tmp/fleet-mailpit.pid

say() { echo "services: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

apt_install() {
  say "installing $* with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

# As the postgres superuser over the Unix socket (peer auth); TCP logins need the password set below.
psql_admin() { (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@"); }

postgres_up() {
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  if ! pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1; then
    say "starting PostgreSQL $PG_VERSION/$PG_CLUSTER"
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" start ||
      die "PostgreSQL did not start; see /var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log"
  fi
  for _ in {1..30}; do
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
    sleep 1
  done
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || die "PostgreSQL does not accept connections on 127.0.0.1:$PG_PORT"
  psql_admin -c "ALTER ROLE postgres PASSWORD 'postgres'" || die "could not set the postgres password"
  for db in "${DATABASES[@]}"; do
    if [[ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]]; then
      psql_admin -c "CREATE DATABASE $db" || die "could not create database $db"
    fi
  done
}

redis_answers() { [[ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

redis_up() {
  command -v redis-server >/dev/null || apt_install redis-server
  redis_answers && return
  say "starting Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    --dir /tmp --logfile /tmp/fleet-redis.log || die "redis-server did not start"
  for _ in {1..50}; do
    redis_answers && return
    sleep 0.1
  done
  tail -n 20 /tmp/fleet-redis.log >&2 || true
  die "Redis does not answer on 127.0.0.1:$REDIS_PORT"
}

# Debian's package starts a Prometheus of its own on :9090 with the host's config; the test needs only the binary.
prometheus_installed() {
  command -v prometheus >/dev/null && return
  say "installing prometheus with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null || die "apt-get install prometheus failed"
  if [[ -x /etc/init.d/prometheus ]]; then /etc/init.d/prometheus stop >/dev/null 2>&1 || true; fi
}

temporal_up() {
  port_open "$TEMPORAL_PORT" && return
  local bin
  bin="$(npx --no-install tsx scripts/temporal.ts ensure)" || die "no Temporal CLI binary (see the message above)"
  say "starting Temporal dev server on 127.0.0.1:$TEMPORAL_PORT (log $TEMPORAL_LOG)"
  # Own session, so a Ctrl-C on `npm test` does not take the shared server down with it. Eager activity dispatch hands
  # a payment's credit to the worker that completes its workflow task, without a round trip through matching; the dev
  # server ships with it off.
  setsid nohup "$bin" server start-dev --ui-port 8233 --ip 127.0.0.1 --port "$TEMPORAL_PORT" --log-level warn \
    --dynamic-config-value system.enableActivityEagerExecution=true \
    >"$TEMPORAL_LOG" 2>&1 </dev/null &
  echo $! >"$TEMPORAL_PID"
  local why="did not listen on 127.0.0.1:$TEMPORAL_PORT within 60 s"
  for _ in {1..600}; do
    port_open "$TEMPORAL_PORT" && return
    if ! kill -0 "$(cat "$TEMPORAL_PID")" 2>/dev/null; then
      why="exited before listening on 127.0.0.1:$TEMPORAL_PORT"
      break
    fi
    sleep 0.1
  done
  tail -n 30 "$TEMPORAL_LOG" >&2 || true
  die "Temporal dev server $why (log $TEMPORAL_LOG, tail above)"
}

mailpit_up() {
  port_open "$MAILPIT_SMTP_PORT" && port_open "$MAILPIT_HTTP_PORT" && return
  local bin
  bin="$(npx --no-install tsx scripts/mailpit.ts ensure)" || die "no Mailpit binary (see the message above)"
  say "starting Mailpit: SMTP 127.0.0.1:$MAILPIT_SMTP_PORT, inbox http://127.0.0.1:$MAILPIT_HTTP_PORT (log $MAILPIT_LOG)"
  setsid nohup "$bin" --smtp "127.0.0.1:$MAILPIT_SMTP_PORT" --listen "127.0.0.1:$MAILPIT_HTTP_PORT" \
    >"$MAILPIT_LOG" 2>&1 </dev/null &
  echo $! >"$MAILPIT_PID"
  for _ in {1..300}; do
    port_open "$MAILPIT_SMTP_PORT" && port_open "$MAILPIT_HTTP_PORT" && return
    kill -0 "$(cat "$MAILPIT_PID")" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$MAILPIT_LOG" >&2 || true
  die "Mailpit did not listen on 127.0.0.1:$MAILPIT_SMTP_PORT and :$MAILPIT_HTTP_PORT (log $MAILPIT_LOG)"
}

mailpit_down() {
  [[ -f "$MAILPIT_PID" ]] || return 0
  local pid
  pid="$(cat "$MAILPIT_PID")"
  if grep -qs mailpit "/proc/$pid/cmdline"; then
    say "stopping Mailpit (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
  fi
  rm -f "$MAILPIT_PID"
}

temporal_down() {
  [[ -f "$TEMPORAL_PID" ]] || return 0
  local pid
  pid="$(cat "$TEMPORAL_PID")"
  # The pid may have been reused since; only stop it if it is still our dev server.
  if grep -qs start-dev "/proc/$pid/cmdline"; then
    say "stopping Temporal dev server (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in {1..50}; do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$TEMPORAL_PID"
}

redis_down() {
  if command -v redis-cli >/dev/null && redis_answers; then
    say "stopping Redis"
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
}

postgres_down() {
  if command -v pg_ctlcluster >/dev/null && pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1; then
    say "stopping PostgreSQL $PG_VERSION/$PG_CLUSTER"
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" stop
  fi
}

print_env() {
  echo "export DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:$PG_PORT/fleet_test"
  echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
  echo "export TEMPORAL_ADDRESS=127.0.0.1:$TEMPORAL_PORT"
  echo "export SMTP_URL=smtp://127.0.0.1:$MAILPIT_SMTP_PORT"
  echo "export MAILPIT_URL=http://127.0.0.1:$MAILPIT_HTTP_PORT"
}

case "${1:-}" in
  up)
    postgres_up
    redis_up
    temporal_up
    mailpit_up
    prometheus_installed
    say "up: postgres 127.0.0.1:$PG_PORT (${DATABASES[*]}), redis 127.0.0.1:$REDIS_PORT, temporal 127.0.0.1:$TEMPORAL_PORT," \
      "mailpit smtp 127.0.0.1:$MAILPIT_SMTP_PORT inbox http://127.0.0.1:$MAILPIT_HTTP_PORT"
    ;;
  down)
    mailpit_down
    temporal_down
    redis_down
    postgres_down
    ;;
  env) print_env ;;
  *) die "usage: bash scripts/services.sh up|down|env" ;;
esac
