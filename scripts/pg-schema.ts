import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * prisma/postgresql/schema.prisma is prisma/schema.prisma with another datasource and output path:
 * Prisma fixes the provider per schema file, so the two must exist, and must not drift apart.
 * `npm run db:pg-schema` rewrites it; scripts/pg-schema.test.ts fails when it is stale.
 */
const root = path.resolve(import.meta.dirname, "..");
export const sqliteSchemaPath = path.join(root, "prisma/schema.prisma");
export const postgresSchemaPath = path.join(root, "prisma/postgresql/schema.prisma");

export function postgresSchemaFrom(sqliteSchema: string): string {
  const replace = (text: string, from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`prisma/schema.prisma no longer contains ${JSON.stringify(from)}`);
    return text.replace(from, to);
  };
  let schema = sqliteSchema;
  schema = replace(schema, 'provider = "sqlite"', 'provider = "postgresql"');
  schema = replace(schema, 'output   = "../generated/prisma"', 'output   = "../../generated/prisma-postgres"');
  const header = schema.indexOf("generator client");
  return `// GENERATED from prisma/schema.prisma by \`npm run db:pg-schema\`: edit that file, not this one.\n${schema.slice(header)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  writeFileSync(postgresSchemaPath, postgresSchemaFrom(readFileSync(sqliteSchemaPath, "utf8")));
  console.log("prisma/postgresql/schema.prisma rewritten from prisma/schema.prisma.");
}
