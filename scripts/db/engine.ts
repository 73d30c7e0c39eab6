import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import { createAdapterFactory, type Provider } from "./adapters";

/** Where a provider's schema and migrations live, and which database to run them against. */
export interface MigrationTarget {
  root: string;
  provider: Provider;
  url: string;
  schemaPath: string;
  migrationsDir: string;
}

/** Picks SQLite or PostgreSQL from the URL, as prisma.config.ts does. */
export function resolveTarget(root: string, url: string): MigrationTarget {
  const isPostgres = /^postgres(ql)?:\/\//.test(url);
  const base = isPostgres ? path.join(root, "prisma/postgresql") : path.join(root, "prisma");
  return {
    root,
    provider: isPostgres ? "postgresql" : "sqlite",
    url,
    schemaPath: path.join(base, "schema.prisma"),
    migrationsDir: path.join(base, "migrations"),
  };
}

/** The migrations folder in the shape the engine expects (the same the Prisma CLI builds). */
export async function listMigrations(target: MigrationTarget) {
  const lockfile = await readFile(path.join(target.migrationsDir, "migration_lock.toml"), "utf8").catch(() => null);
  const entries = await readdir(target.migrationsDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const content = await readFile(path.join(target.migrationsDir, entry.name, "migration.sql"), "utf8")
      .then((value) => ({ tag: "ok" as const, value }))
      .catch((error: Error) => ({ tag: "error" as const, value: error.message }));
    migrationDirectories.push({ path: entry.name, migrationFile: { path: "migration.sql", content } });
  }
  return {
    baseDir: target.migrationsDir,
    lockfile: { path: "migration_lock.toml", content: lockfile },
    migrationDirectories,
    shadowDbInitScript: "",
  };
}

export async function schemaFiles(target: MigrationTarget) {
  return { files: [{ path: target.schemaPath, content: await readFile(target.schemaPath, "utf8") }] };
}

/** Loads Prisma's WebAssembly schema engine, connected through a driver adapter. */
export async function loadEngine(target: MigrationTarget): Promise<SchemaEngine> {
  const require = createRequire(import.meta.url);
  const globals = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown };
  // The wasm glue reports panics through this global; without it a panic hides its message.
  globals.PRISMA_WASM_PANIC_REGISTRY ??= {
    message: "",
    set_message(this: { message: string }, message: string) {
      this.message = `RuntimeError: ${message}`;
    },
    get(this: { message: string }) {
      return this.message;
    },
  };
  const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
  const glue = (await import(pathToFileURL(path.join(dir, "schema_engine_bg.js")).href)) as {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
    SchemaEngine: typeof SchemaEngine;
  };
  const module = new WebAssembly.Module(await readFile(path.join(dir, "schema_engine_bg.wasm")));
  const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();

  const factory = bindMigrationAwareSqlAdapterFactory(await createAdapterFactory(target.provider, target.url, target.root));
  const log = (message: string) => {
    if (process.env.DEBUG) console.error("[schema-engine]", message);
  };
  const datamodels = (await schemaFiles(target)).files.map((f): [string, string] => [f.path, f.content]);
  return glue.SchemaEngine.new({ datamodels }, log, factory);
}

/**
 * The wasm engine reports a database without `_prisma_migrations` as an error (P1014 or "no such
 * table") where the native engine says "no history yet".
 */
export function isMissingHistoryTable(error: unknown): boolean {
  const message = String((error as { message?: unknown })?.message ?? "");
  const code = (error as { code?: unknown })?.code;
  return message.includes("_prisma_migrations") && (code === "P1014" || /no such table/i.test(message));
}
