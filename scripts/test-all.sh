#!/usr/bin/env bash
# `npm test`: every test, in the order that fails fastest: static checks, unit, grader, integration,
# end-to-end in Debian's Chromium against `next start`, then the content check (which scans that build).
# First it installs what the tests need from Debian when it is missing (Chromium, PostgreSQL: apt-get,
# as root; otherwise it names the command), and starts PostgreSQL for the scale-out migration test.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

# shellcheck source=scripts/lib.sh
. scripts/lib.sh

ensure_test_system_packages
ensure_installed

step "Lockfile"
node scripts/fix-lockfile.mjs --check
step "Generate (the exercise registries from the folders on disk, the editor's types)"
npx tsx scripts/generate.ts
step "Typecheck"
npm run --silent typecheck
step "Lint (code and layer rules)"
npm run --silent lint
# One run for both: the grader suite mostly waits on its workers' limits, and the unit suite fills those waits
# (measured on a fresh clone: 86 s + 90 s run apart, 148 s together, as CI's Node 24 pass runs them).
step "Unit and grader tests (the grader's against hostile programs in real worker processes)"
npx vitest run --project unit --project grader
step "Integration tests (real SQLite per test worker)"
npx vitest run --project integration
step "End-to-end tests (builds, then Chromium against next start)"
npx vitest run --project e2e
step "Content check (after the build, so it can scan the browser bundles too)"
npm run --silent content:check
