#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for jpki-linkage's tests, from Debian's packages.
#
#   source jpki-linkage/scripts/pg-cluster.sh
#   pg_cluster_start        # installs postgresql with apt if missing (root), starts a cluster in
#                           # a temporary directory listening on a unix socket there, and exports
#                           # JPKI_TEST_POSTGRES_URL (and the pg_ctl settings the fault test uses)
#   cargo test -p jpki-linkage --all-features
#   pg_cluster_stop         # stops it and removes the directory
#
# As root (CI), the cluster runs as the `postgres` user: initdb refuses to run as root.

pg_cluster_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# Runs "$@" with every descriptor above stderr closed: the server pg_ctl starts is a daemon and
# would keep whatever it inherits (a build lock, a pipe of the caller) open for its lifetime.
pg_cluster_detached() {
  bash -c 'for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$@"' bash "$@" </dev/null
}

pg_cluster_start() {
  local bin
  bin=$(pg_cluster_bin)
  if [ -z "$bin" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "pg-cluster: PostgreSQL is not installed (apt-get install postgresql)" >&2
      return 1
    fi
    echo "pg-cluster: installing postgresql from Debian's packages"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(pg_cluster_bin)
  fi
  local run_as=()
  if [ "$(id -u)" -eq 0 ]; then
    run_as=(runuser -u postgres --)
    export JPKI_TEST_POSTGRES_RUN_AS=postgres
  fi
  PG_CLUSTER_DIR=$(mktemp -d /tmp/jpki-pg.XXXXXX)
  chmod 755 "$PG_CLUSTER_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_CLUSTER_DIR"
  "${run_as[@]}" "$bin/initdb" -D "$PG_CLUSTER_DIR/data" -A trust -U postgres --no-instructions \
    >"$PG_CLUSTER_DIR/initdb.log" 2>&1 || { cat "$PG_CLUSTER_DIR/initdb.log" >&2; return 1; }
  cat >>"$PG_CLUSTER_DIR/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$PG_CLUSTER_DIR'
max_connections = 300
CONF
  pg_cluster_detached "${run_as[@]}" "$bin/pg_ctl" -D "$PG_CLUSTER_DIR/data" \
    -l "$PG_CLUSTER_DIR/server.log" -w start >/dev/null || { cat "$PG_CLUSTER_DIR/server.log" >&2; return 1; }
  export PG_CLUSTER_DIR
  export JPKI_TEST_POSTGRES_URL="host=$PG_CLUSTER_DIR user=postgres dbname=postgres"
  export JPKI_TEST_POSTGRES_PGCTL="$bin/pg_ctl"
  export JPKI_TEST_POSTGRES_PGDATA="$PG_CLUSTER_DIR/data"
  echo "pg-cluster: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $JPKI_TEST_POSTGRES_URL"
}

pg_cluster_stop() {
  [ -n "${PG_CLUSTER_DIR:-}" ] && [ -d "$PG_CLUSTER_DIR" ] || return 0
  local run_as=()
  [ "$(id -u)" -eq 0 ] && run_as=(runuser -u postgres --)
  "${run_as[@]}" "$(pg_cluster_bin)/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_CLUSTER_DIR"
  unset PG_CLUSTER_DIR JPKI_TEST_POSTGRES_URL JPKI_TEST_POSTGRES_PGCTL JPKI_TEST_POSTGRES_PGDATA JPKI_TEST_POSTGRES_RUN_AS
}
