import { spawnSync } from "node:child_process";
import path from "node:path";
import { verifyPassword } from "better-auth/crypto";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoAccounts } from "../../prisma/demo-accounts";
import { testDb } from "../helpers/db";

// The seed and admin:create as an operator runs them: real child processes on this file's database.
const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
const db = testDb();
afterAll(() => db.$disconnect());

function run(script: string, args: string[], options: { nodeEnv?: "production"; input?: string } = {}) {
  // Vitest sets NODE_ENV=test; `npm run setup` runs with it unset, a production install with "production".
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: options.nodeEnv ?? "development" };
  if (!options.nodeEnv) Reflect.deleteProperty(env, "NODE_ENV");
  const result = spawnSync(process.execPath, [tsx, script, ...args], {
    cwd: root,
    env,
    input: options.input ?? "",
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const seed = (nodeEnv?: "production") => run("prisma/seed.ts", [], { nodeEnv });
const adminCreate = (args: string[], input?: string) => run("scripts/admin-create/main.ts", args, { input });

async function passwordWorks(email: string, password: string): Promise<boolean> {
  const account = await db.account.findFirst({ where: { user: { email }, providerId: "credential" } });
  return account?.password ? verifyPassword({ hash: account.password, password }) : false;
}

describe("db:seed", () => {
  it("with NODE_ENV=production syncs the content, creates no account, and says how to create the first admin", async () => {
    const result = seed("production");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("No accounts created");
    expect(result.stdout).toContain("npm run admin:create -- --email");
    expect(result.stdout).not.toContain(DEMO_PASSWORD);
    expect(result.stderr).not.toContain("WARNING");
    expect(await db.course.count()).toBeGreaterThan(0);
    expect(await db.user.count()).toBe(0);
    expect(await db.account.count()).toBe(0);
  });

  it("outside production creates the README's demo accounts; a later production seed warns about them and keeps them", async () => {
    const result = seed();
    expect(result.status, result.stderr).toBe(0);
    for (const account of demoAccounts) {
      const user = await db.user.findUniqueOrThrow({ where: { email: account.email }, include: { enrollments: true } });
      expect(user.role).toBe(account.role);
      expect(user.enrollments.map((e) => e.role)).toEqual(account.courseRole ? [account.courseRole] : []);
      expect(await passwordWorks(account.email, DEMO_PASSWORD)).toBe(true);
    }

    const production = seed("production");
    expect(production.status, production.stderr).toBe(0);
    expect(production.stderr).toContain("WARNING: this production database has demo accounts");
    for (const account of demoAccounts) expect(production.stderr).toContain(account.email);
    expect(await db.user.count()).toBe(demoAccounts.length);
  });
});

describe("npm run admin:create", () => {
  it("creates an admin with a piped password, one trailing newline removed, and never prints it", async () => {
    const result = adminCreate(["--email", "ops@example.com", "--name", "Ops"], "piped password 1\n");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("Created admin ops@example.com.");
    expect(result.stdout).not.toContain("piped password 1");
    expect(await db.user.findUniqueOrThrow({ where: { email: "ops@example.com" } })).toMatchObject({
      role: "admin",
      name: "Ops",
    });
    expect(await passwordWorks("ops@example.com", "piped password 1")).toBe(true);
  });

  it("without a piped password prints a generated one exactly once, and it works", async () => {
    const result = adminCreate(["--email", "gen@example.com"]);
    expect(result.status, result.stderr).toBe(0);
    const printed = [...result.stdout.matchAll(/^Password: (\S+)$/gm)].map((m) => m[1]);
    expect(printed).toHaveLength(1);
    const password = printed[0] ?? "";
    expect(result.stdout.split(password)).toHaveLength(2);
    expect(result.stdout).toContain("will not be shown again");
    expect(await passwordWorks("gen@example.com", password)).toBe(true);
  });

  it("promotes an existing user, keeps their password, and says so", async () => {
    const result = adminCreate(["--email", "learner@pagewise.local"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("Promoted learner@pagewise.local from learner to admin.");
    expect(result.stdout).toContain("Their password is unchanged.");
    expect(result.stdout).not.toContain("Password:");
    expect((await db.user.findUniqueOrThrow({ where: { email: "learner@pagewise.local" } })).role).toBe("admin");
    expect(await passwordWorks("learner@pagewise.local", DEMO_PASSWORD)).toBe(true);
  });

  it("refuses a short piped password with exit status 2 and creates nobody", async () => {
    const result = adminCreate(["--email", "short@example.com"], "eleven-char\n");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("the password must be at least 12 characters");
    expect(await db.user.count({ where: { email: "short@example.com" } })).toBe(0);
  });

  it.each([
    ["no --email", [], "--email is required"],
    ["an --email that is not one", ["--email", "nobody"], "--email is not an email address"],
    ["an unknown option", ["--email", "a@example.com", "--role", "admin"], "Unknown option '--role'"],
    ["a positional argument", ["a@example.com"], "Unexpected argument 'a@example.com'"],
    ["--email without its value", ["--email"], "--email"],
  ])("exits 2 with the usage for %s", (_name, args, message) => {
    const result = adminCreate(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("Usage: npm run admin:create -- --email EMAIL [--name NAME]");
    expect(result.stdout).toBe("");
  });
});
