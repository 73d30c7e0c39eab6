import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { postgresSchemaFrom, postgresSchemaPath, sqliteSchemaPath } from "./pg-schema";

describe("the PostgreSQL schema", () => {
  it("is prisma/schema.prisma with the PostgreSQL datasource (run npm run db:pg-schema if this fails)", () => {
    expect(readFileSync(postgresSchemaPath, "utf8")).toBe(postgresSchemaFrom(readFileSync(sqliteSchemaPath, "utf8")));
  });
});
