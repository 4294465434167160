# Provisioning of the real servers the tests use: PostgreSQL 15 and Redis 7 (Debian packages) and s3rver 3.7.1 (npm).
# Sourced by test.sh. Each server gets a free loopback port and a data directory under $STOREGEN_WORK, and its
# connection settings are exported. stop_servers stops them all. Any failure stops the run with a clear message.

STOREGEN_S3RVER_VERSION=3.7.1
STOREGEN_TOOLS=${STOREGEN_TOOLS:-$STOREGEN_ROOT/.tools}
PG_BIN=/usr/lib/postgresql/15/bin
_pids=()

die() { echo "test.sh: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi
}

install_servers() {
  local missing=()
  [ -x "$PG_BIN/postgres" ] || missing+=(postgresql-15)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "test.sh: installing ${missing[*]} (Debian packages)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
      && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "could not install ${missing[*]}; install them (apt-get install postgresql redis-server) and rerun"
  fi
  if [ ! -x "$STOREGEN_TOOLS/node_modules/.bin/s3rver" ]; then
    command -v npm >/dev/null || die "npm is needed to install s3rver $STOREGEN_S3RVER_VERSION"
    echo "test.sh: installing s3rver $STOREGEN_S3RVER_VERSION (npm) into $STOREGEN_TOOLS"
    mkdir -p "$STOREGEN_TOOLS"
    npm install --silent --no-audit --no-fund --prefix "$STOREGEN_TOOLS" "s3rver@$STOREGEN_S3RVER_VERSION" >/dev/null 2>&1 \
      || die "could not install s3rver $STOREGEN_S3RVER_VERSION with npm"
  fi
}

# A port on 127.0.0.1 that nothing listens on.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  die "no free port found on 127.0.0.1"
}

# wait_for NAME SECONDS COMMAND...: polls COMMAND until it succeeds (a readiness probe, not a sleep-as-sync).
wait_for() {
  local name=$1 seconds=$2; shift 2
  for _ in $(seq 1 $(( seconds * 10 ))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  return 1
}

start_postgres() {
  local dir="$STOREGEN_WORK/postgres" port; port=$(free_port)
  mkdir -p "$dir"
  local run=()
  if [ "$(id -u)" = 0 ]; then chown -R postgres: "$dir"; run=(runuser -u postgres --); fi
  "${run[@]}" "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "PostgreSQL initdb failed"; }
  "${run[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -h 127.0.0.1 -k $dir -c fsync=off" start >/dev/null \
    || { cat "$dir/server.log" >&2; die "PostgreSQL did not start on 127.0.0.1:$port"; }
  _postgres_stop=("${run[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop)
  "${run[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres storegen || die "could not create the storegen database"
  export STOREGEN_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=storegen"
  echo "test.sh: PostgreSQL on 127.0.0.1:$port"
}

start_redis() {
  local dir="$STOREGEN_WORK/redis" port; port=$(free_port)
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
    || die "redis-server did not start"
  wait_for redis 30 sh -c "redis-cli -h 127.0.0.1 -p $port ping | grep -q PONG" \
    || { cat "$dir/redis.log" >&2; die "Redis did not answer PING on 127.0.0.1:$port"; }
  _pids+=("$(cat "$dir/redis.pid")")
  export STOREGEN_REDIS="127.0.0.1:$port"
  echo "test.sh: Redis on 127.0.0.1:$port"
}

start_s3rver() {
  local dir="$STOREGEN_WORK/s3" port; port=$(free_port)
  mkdir -p "$dir/data"
  "$STOREGEN_TOOLS/node_modules/.bin/s3rver" --directory "$dir/data" --address 127.0.0.1 --port "$port" \
    --configure-bucket storegen-test >"$dir/s3rver.log" 2>&1 &
  _pids+=("$!")
  wait_for s3rver 30 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" \
    || { cat "$dir/s3rver.log" >&2; die "s3rver did not listen on 127.0.0.1:$port"; }
  export S3_ENDPOINT="http://127.0.0.1:$port" S3_BUCKET=storegen-test S3_REGION=us-east-1
  # The S3 tests start and stop their own s3rver instances too (server down at startup, server lost mid-run).
  export STOREGEN_S3RVER="$STOREGEN_TOOLS/node_modules/.bin/s3rver"
  export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
  echo "test.sh: s3rver on 127.0.0.1:$port"
}

stop_servers() {
  if [ -n "${_postgres_stop+x}" ]; then "${_postgres_stop[@]}" >/dev/null 2>&1 || true; fi
  for pid in "${_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
