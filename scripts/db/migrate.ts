import "dotenv/config";
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { openConnections, sqliteFilePath } from "./adapters";
import { isMissingHistoryTable, listMigrations, loadEngine, resolveTarget, schemaFiles, type MigrationTarget } from "./engine";

/**
 * Offline stand-in for `prisma migrate deploy|dev|status|reset`: the Prisma 7 CLI needs a native
 * schema-engine binary that cannot be downloaded here, so this drives Prisma's own WebAssembly
 * engine. Same migration layout, same `_prisma_migrations` history (docs/decisions/0002).
 *
 * Usage: tsx scripts/db/migrate.ts deploy | dev --name NAME | status | reset --force
 */
const USAGE = "Usage: tsx scripts/db/migrate.ts deploy | dev --name NAME [--create-only] | status | reset --force";
const root = path.resolve(import.meta.dirname, "../..");

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: "string", short: "n" }, "create-only": { type: "boolean" }, force: { type: "boolean" } },
  });
  const command = positionals.join(" ");
  const target = resolveTarget(root, process.env.DATABASE_URL ?? "file:./data/pagewise.db");
  if (target.provider === "sqlite") {
    const file = sqliteFilePath(target.url, root);
    if (file !== ":memory:") await mkdir(path.dirname(file), { recursive: true });
    if (command === "reset") {
      if (!values.force) return fail("reset drops all data: pass --force.");
      // The engine's SQLite reset only deletes rows; the native engine removes the file. Do that.
      for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) await rm(f, { force: true });
    }
  }
  const engine = await loadEngine(target);
  try {
    switch (command) {
      case "deploy":
      case "reset":
        return await deploy(engine, target);
      case "status":
        return await status(engine, target);
      case "dev":
        return await dev(engine, target, values.name, values["create-only"] === true);
      default:
        return fail(`Unknown command "${command}".\n${USAGE}`);
    }
  } finally {
    engine.free();
    await Promise.allSettled(openConnections.map((c) => c.dispose()));
  }
}

type Engine = Awaited<ReturnType<typeof loadEngine>>;

async function deploy(engine: Engine, target: MigrationTarget): Promise<number> {
  const migrationsList = await listMigrations(target);
  if (target.provider !== "sqlite" || existsSync(sqliteFilePath(target.url, root))) {
    const diagnostic = await engine
      .diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: noFilters })
      .catch((error: unknown) => {
        if (isMissingHistoryTable(error)) return { failedMigrationNames: [] };
        throw error;
      });
    if (diagnostic.failedMigrationNames.length > 0)
      return fail(`Failed migrations in the database: ${diagnostic.failedMigrationNames.join(", ")}.`);
  }
  const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: noFilters });
  console.log(
    appliedMigrationNames.length > 0
      ? `Applied ${appliedMigrationNames.length} migration(s): ${appliedMigrationNames.join(", ")}`
      : "No pending migrations.",
  );
  return 0;
}

async function status(engine: Engine, target: MigrationTarget): Promise<number> {
  const migrationsList = await listMigrations(target);
  const diagnostic = await engine
    .diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: noFilters })
    .catch((error: unknown) => {
      if (!isMissingHistoryTable(error)) throw error;
      return null;
    });
  if (diagnostic === null) {
    console.log(`The database has no migration history; ${migrationsList.migrationDirectories.length} migration(s) pending.`);
    return 1;
  }
  if (diagnostic.history === null && diagnostic.failedMigrationNames.length === 0) {
    console.log(`Database schema is up to date (${migrationsList.migrationDirectories.length} migration(s)).`);
    return 0;
  }
  console.log(JSON.stringify({ failed: diagnostic.failedMigrationNames, history: diagnostic.history }, null, 2));
  return 1;
}

/**
 * Creates a migration from the difference between the migrated database and the schema. (The wasm
 * engine's createMigration wants an external SQLite shadow database that adapter-libsql cannot give
 * it; diffing the database after applying every migration yields the same SQL without one.)
 */
async function dev(engine: Engine, target: MigrationTarget, name: string | undefined, createOnly: boolean): Promise<number> {
  if (!name) return fail("dev needs --name NAME for the new migration.");
  await engine.applyMigrations({ migrationsList: await listMigrations(target), filters: noFilters });
  const schema = await schemaFiles(target);
  const diff = await engine.diff({
    from: { tag: "schemaDatasource", ...schema, configDir: root },
    to: { tag: "schemaDatamodel", ...schema },
    script: true,
    exitCode: null,
    filters: noFilters,
  });
  const sql = (diff.stdout ?? "").trim();
  if (sql === "" || sql === "-- This is an empty migration.") {
    console.log("No schema change: no migration created.");
    return 0;
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(target.migrationsDir, `${stamp}_${slug(name)}`);
  if (existsSync(dir)) return fail(`${path.relative(root, dir)} exists already.`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "migration.sql"), `${sql}\n`, "utf8");
  await writeFile(
    path.join(target.migrationsDir, "migration_lock.toml"),
    `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${target.provider}"\n`,
    "utf8",
  );
  if (createOnly) {
    console.log(`Created ${path.relative(root, dir)} (not applied).`);
    return 0;
  }
  await engine.applyMigrations({ migrationsList: await listMigrations(target), filters: noFilters });
  console.log(`Created and applied ${path.relative(root, dir)}.`);
  return 0;
}

const noFilters = { externalTables: [], externalEnums: [] };

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 200);
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const panic = (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { message?: string } }).PRISMA_WASM_PANIC_REGISTRY?.message;
    console.error(`Migration failed: ${panic || (error instanceof Error ? error.message : String(error))}`);
    process.exit(1);
  },
);
