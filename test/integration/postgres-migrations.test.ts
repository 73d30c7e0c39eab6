import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { dropPostgresDatabase } from "../../scripts/db/drop-postgres-database";

/**
 * The scale-out database: the committed PostgreSQL migrations apply to an empty database and leave
 * the tables the app uses. `npm test` (scripts/lib.sh) installs and starts PostgreSQL and sets
 * PAGEWISE_TEST_POSTGRES_URL (a role with CREATEDB); run on its own without it, this file is skipped.
 */
const adminUrl = process.env.PAGEWISE_TEST_POSTGRES_URL;
const root = path.resolve(import.meta.dirname, "../..");

describe.skipIf(!adminUrl)("PostgreSQL migrations", () => {
  it("deploy to a fresh database, report it up to date, and hold a submission", async () => {
    const url = new URL(adminUrl ?? "");
    url.pathname = `/pagewise_test_${process.pid}_${Date.now()}`;
    const migrate = (command: string) =>
      execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/db/migrate.ts", command], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: url.toString() },
        encoding: "utf8",
      });
    expect(migrate("deploy")).toMatch(/Applied \d+ migration/);
    expect(migrate("status")).toMatch(/up to date/);
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query(`INSERT INTO "user" (id, name, email, "updatedAt") VALUES ('u1', 'U', 'u@x', now())`);
      await client.query(`INSERT INTO "Course" (id, title, summary, "contentHash", position, "updatedAt") VALUES ('c', 'C', 's', 'h', 1, now())`);
      await client.query(`INSERT INTO "Module" (id, "courseId", slug, title, position) VALUES ('c/m', 'c', 'm', 'M', 1)`);
      await client.query(
        `INSERT INTO "Lesson" (id, "courseId", "moduleId", slug, title, summary, position, "contentHash") VALUES ('c/l', 'c', 'c/m', 'l', 'L', 's', 1, 'h')`,
      );
      await client.query(
        `INSERT INTO "Exercise" (id, "courseId", "lessonId", title, position, "maxScore", "contentHash") VALUES ('e', 'c', 'c/l', 'E', 1, 20, 'h')`,
      );
      await client.query(
        `INSERT INTO "Submission" (id, "userId", "exerciseId", "exerciseVersion", code, "maxScore", seed) VALUES ('s1', 'u1', 'e', 'h', 'code', 20, 'seed')`,
      );
      const { rows } = await client.query(`SELECT status, attempts FROM "Submission" WHERE id = 's1'`);
      expect(rows).toEqual([{ status: "queued", attempts: 0 }]);
    } finally {
      await client.end();
      await dropPostgresDatabase(adminUrl ?? "", url.pathname.slice(1));
    }
  });
});
