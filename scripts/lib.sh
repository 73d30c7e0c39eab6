# Shared by scripts/setup.sh and scripts/test-all.sh (sourced, not run).
# shellcheck shell=bash

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# npm ci when node_modules is missing or older than the lockfile.
ensure_installed() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "Installing dependencies (npm ci; compiles isolated-vm, 2-4 minutes the first time)"
    npm ci --no-audit --no-fund
  fi
}

# What `npm test` needs from Debian besides Node: Chromium for the end-to-end tests, and a running
# PostgreSQL with a role that may create databases for the scale-out migration test
# (test/integration/postgres-migrations.test.ts). As root (CI, a fresh machine) it installs what is
# missing with apt-get, starts the cluster and creates the role; otherwise it uses what is there or
# stops at once, naming the command to run as root. Exports PAGEWISE_TEST_POSTGRES_URL (kept when
# already set: then PostgreSQL is not touched).
PAGEWISE_TEST_PG_ROLE=pagewise_ci

ensure_test_system_packages() {
  local began=$SECONDS missing=() is_root=0
  [ "$(id -u)" -eq 0 ] && is_root=1
  step "Debian packages the tests need (Chromium, PostgreSQL)"

  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  if [ -z "${PAGEWISE_TEST_POSTGRES_URL:-}" ] && { [ -z "$(pg_server_version)" ] || ! command -v pg_ctlcluster >/dev/null 2>&1; }; then
    # Not root, and a PostgreSQL we did not install answers on 127.0.0.1: use it.
    if [ "$is_root" -eq 1 ] || ! pg_accepting 5432; then missing+=(postgresql); fi
  fi

  if [ "${#missing[@]}" -gt 0 ]; then
    local install="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
    if [ "$is_root" -ne 1 ]; then
      echo "npm test needs Debian's ${missing[*]}, which is not installed here, and only root can install it. As root run:  $install  then run npm test again." >&2
      return 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "npm test needs ${missing[*]} and this machine has no apt-get: install them, then run npm test again." >&2
      return 1
    fi
    local log=/tmp/pagewise-apt-get.log started=$SECONDS
    step "Installing ${missing[*]} with apt-get (once per machine; its output goes to $log)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log"; then
      tail -n 30 "$log" >&2
      echo "apt-get could not install ${missing[*]} (full output in $log). The command was:  $install" >&2
      return 1
    fi
    echo "Installed ${missing[*]} in $((SECONDS - started)) s"
  fi

  # (Debian's launcher can print a harmless shell warning about /dev/shm: shown only if this fails.)
  chromium --version 2>/dev/null || chromium --version || return 1
  ensure_test_postgres || return 1
  echo "Debian packages ready in $((SECONDS - began)) s"
}

# The newest PostgreSQL server installed from Debian's packages ("15"), or nothing.
pg_server_version() {
  local bin
  for bin in /usr/lib/postgresql/*/bin/postgres; do
    if [ -x "$bin" ]; then basename "$(dirname "$(dirname "$bin")")"; fi
  done | sort -n | tail -n 1
}

# Whether something accepts connections on 127.0.0.1:$1 (pg_isready when it is there).
pg_accepting() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p "$1"
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

ensure_test_postgres() {
  if [ -n "${PAGEWISE_TEST_POSTGRES_URL:-}" ]; then
    echo "PostgreSQL: PAGEWISE_TEST_POSTGRES_URL was already set; using it as it is"
    return 0
  fi
  local version port=5432 status="" is_root=0
  [ "$(id -u)" -eq 0 ] && is_root=1
  version=$(pg_server_version)
  if [ -n "$version" ] && command -v pg_ctlcluster >/dev/null 2>&1; then
    read -r port status < <(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3, $4 }') || true
    if [ -z "${port:-}" ]; then
      if [ "$is_root" -ne 1 ]; then
        echo "PostgreSQL $version has no cluster \"main\" and only root can create it. As root run:  pg_createcluster $version main  then run npm test again." >&2
        return 1
      fi
      pg_createcluster "$version" main >/dev/null || return 1
      read -r port status < <(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3, $4 }') || return 1
    fi
    if [ "$status" != online ] || ! pg_accepting "$port"; then
      if [ "$is_root" -ne 1 ]; then
        echo "PostgreSQL $version is installed but not running, and only root can start it. As root run:  pg_ctlcluster --skip-systemctl-redirect $version main start  (or set PAGEWISE_TEST_POSTGRES_URL to a role with CREATEDB), then run npm test again." >&2
        return 1
      fi
      local started=$SECONDS
      step "Starting PostgreSQL $version (cluster main, port $port)"
      [ "$status" = online ] || pg_ctlcluster --skip-systemctl-redirect "$version" main start || return 1
      local waited=0
      until pg_accepting "$port"; do
        if [ "$waited" -ge 30 ]; then
          echo "PostgreSQL $version did not accept connections on 127.0.0.1:$port within 30 s; see /var/log/postgresql/postgresql-$version-main.log" >&2
          return 1
        fi
        sleep 1
        waited=$((waited + 1))
      done
      echo "PostgreSQL started in $((SECONDS - started)) s"
    fi
    if [ "$is_root" -eq 1 ]; then
      # Idempotent: the role is created once per cluster.
      (cd / && runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qc "DO \$\$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PAGEWISE_TEST_PG_ROLE') THEN
          CREATE ROLE $PAGEWISE_TEST_PG_ROLE LOGIN PASSWORD '$PAGEWISE_TEST_PG_ROLE' CREATEDB;
        END IF; END \$\$;") || return 1
    fi
  fi
  local url="postgresql://$PAGEWISE_TEST_PG_ROLE:$PAGEWISE_TEST_PG_ROLE@127.0.0.1:$port/postgres"
  if command -v psql >/dev/null 2>&1; then
    local server
    if ! server=$(psql "$url" -qAtc "SHOW server_version" 2>&1); then
      echo "PostgreSQL answers on 127.0.0.1:$port but the role $PAGEWISE_TEST_PG_ROLE cannot sign in ($server). Run npm test once as root (it creates the role), or set PAGEWISE_TEST_POSTGRES_URL to a role with CREATEDB." >&2
      return 1
    fi
    echo "PostgreSQL $server on 127.0.0.1:$port, role $PAGEWISE_TEST_PG_ROLE (CREATEDB)"
  fi
  export PAGEWISE_TEST_POSTGRES_URL="$url"
  echo "PAGEWISE_TEST_POSTGRES_URL=postgresql://$PAGEWISE_TEST_PG_ROLE:***@127.0.0.1:$port/postgres"
}
