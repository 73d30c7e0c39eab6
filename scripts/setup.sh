#!/usr/bin/env bash
# `npm run setup`: everything from a fresh clone to a running product on http://127.0.0.1:3000.
# Installs dependencies (when the lockfile changed), writes .env with a fresh secret (once), migrates
# the embedded SQLite database, seeds the demo course and accounts, builds, and serves.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

# shellcheck source=scripts/lib.sh
. scripts/lib.sh

ensure_installed

if [ ! -f .env ]; then
  step "Writing .env with a fresh session secret"
  secret=$(node -e 'console.log(require("node:crypto").randomBytes(32).toString("hex"))')
  printf 'DATABASE_URL=file:./data/pagewise.db\nBETTER_AUTH_SECRET=%s\nPUBLIC_URL=http://127.0.0.1:3000\n' "$secret" > .env
fi

step "Migrating the database"
npm run --silent db:deploy
step "Seeding the demo course and accounts"
npm run --silent db:seed
step "Building"
npm run --silent build
step "Serving on http://127.0.0.1:3000 (Ctrl+C stops)"
exec npm run --silent start
