# Shared by scripts/setup.sh and scripts/test-all.sh (sourced, not run).

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# npm ci when node_modules is missing or older than the lockfile.
ensure_installed() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "Installing dependencies (npm ci; compiles isolated-vm, 2-4 minutes the first time)"
    npm ci --no-audit --no-fund
  fi
}
