#!/usr/bin/env bash
# Builds the solution and runs every test project against real servers (installed and started here when missing),
# then prints one line: "tests: N passed, N failed, N skipped". Exits non-zero on any failure.
set -euo pipefail
STOREGEN_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$STOREGEN_ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
STOREGEN_WORK=$(mktemp -d /tmp/storegen-test.XXXXXX)
chmod 755 "$STOREGEN_WORK"
export STOREGEN_WORK

source scripts/servers.sh
cleanup() { stop_servers; rm -rf "$STOREGEN_WORK"; }
trap cleanup EXIT

install_servers
start_postgres
start_redis
start_s3rver

dotnet build StoreGen.sln -c Release -warnaserror -v q -nologo || die "the build failed"

results="$STOREGEN_WORK/results"
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "test.sh: running $name"
  # The console logger at "minimal" prints a failed test's message and stack trace (quiet prints only its name).
  dotnet test "$project" -c Release --no-build --nologo -v q --logger "console;verbosity=minimal" \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
  [ -f "$results/$name.trx" ] || { echo "test.sh: $name produced no results" >&2; status=1; }
done

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  attr() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$(( passed + $(attr passed) ))
  failed=$(( failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted) ))
  skipped=$(( skipped + $(attr notExecuted) ))
done
[ "$failed" -eq 0 ] || status=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
