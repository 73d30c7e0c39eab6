import "dotenv/config";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

// The Prisma 7 CLI insists on a native schema-engine binary even for `prisma generate`, which never
// runs it, and downloads that binary from Prisma's own host (unreachable here). When none is
// installed, point the CLI at a stub so generate/validate/format work; migrations run through
// scripts/prisma-wasm.ts and Prisma's WebAssembly engine (docs/decisions/0002-prisma-offline.md).
const root = import.meta.dirname;
const enginesDir = path.resolve(root, "node_modules/@prisma/engines");
const hasNativeEngine =
  existsSync(enginesDir) && readdirSync(enginesDir).some((f) => f.startsWith("schema-engine-"));
if (!hasNativeEngine && !process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.resolve(root, "scripts/schema-engine-stub");
}

// SQLite by default; a postgres:// or postgresql:// DATABASE_URL selects the PostgreSQL schema.
const url = process.env.DATABASE_URL ?? "file:./data/pagewise.db";
const isPostgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  schema: isPostgres ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: isPostgres ? "prisma/postgresql/migrations" : "prisma/migrations" },
  datasource: { url, shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL },
});
