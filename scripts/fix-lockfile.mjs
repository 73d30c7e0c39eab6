// Re-adds platform packages that this machine's registry lacks (Next's darwin/win32 SWC builds) to
// package-lock.json as optional entries tagged with their os/cpu. Without them `npm ci` refuses the
// lockfile ("Missing: ... from lock file"); with them npm skips them on Linux and installs them
// elsewhere. Run after every lockfile rewrite: `node scripts/fix-lockfile.mjs` (CI checks it with --check).
import { readFileSync, writeFileSync } from "node:fs";

const lockPath = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const platform = /-(darwin|linux|win32|freebsd|android)-(x64|arm64|ia32|arm)(?:-|$)/;

const missing = [];
for (const [, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const match = platform.exec(name);
    if (lock.packages[key] || !match || !/^\d+\.\d+\.\d+/.test(range)) continue;
    missing.push(name);
    lock.packages[key] = { version: range, cpu: [match[2]], license: "MIT", optional: true, os: [match[1]] };
  }
}

if (process.argv.includes("--check")) {
  if (missing.length > 0) {
    console.error(`package-lock.json lacks optional platform packages: ${missing.join(", ")}. Run node scripts/fix-lockfile.mjs.`);
    process.exit(1);
  }
  console.log("package-lock.json lists every optional platform package.");
} else {
  const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
  writeFileSync(lockPath, JSON.stringify({ ...lock, packages: sorted }, null, 2) + "\n");
  console.log(missing.length ? `Added: ${missing.join(", ")}` : "Nothing to add.");
}
