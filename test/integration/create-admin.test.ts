import { verifyPassword } from "better-auth/crypto";
import { afterAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD_MAX, ADMIN_PASSWORD_MIN, createAdmin } from "../../scripts/admin-create/create-admin";
import { getAuth } from "../../server/auth";
import { createUser, testDb } from "../helpers/db";

const db = testDb();
afterAll(() => db.$disconnect());

async function credentialOf(userId: string) {
  return db.account.findFirstOrThrow({ where: { userId, providerId: "credential", accountId: userId } });
}

async function passwordWorks(email: string, password: string): Promise<boolean> {
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const hash = (await credentialOf(user.id)).password;
  if (hash === null) return false;
  return verifyPassword({ hash, password });
}

describe("createAdmin", () => {
  it("creates an admin whose chosen password better-auth's hash check and its own email sign-in both accept", async () => {
    const outcome = await createAdmin(db, {
      email: "  First.Admin@Example.COM ",
      name: "Ada",
      password: "correct horse battery",
    });
    expect(outcome).toMatchObject({
      ok: true,
      action: "created",
      email: "first.admin@example.com",
      generatedPassword: null,
    });
    const user = await db.user.findUniqueOrThrow({ where: { email: "first.admin@example.com" } });
    expect(user).toMatchObject({ role: "admin", name: "Ada", emailVerified: true });
    expect(await passwordWorks(user.email, "correct horse battery")).toBe(true);
    expect(await passwordWorks(user.email, "correct horse batterY")).toBe(false);
    const signedIn = await getAuth().api.signInEmail({
      body: { email: "First.Admin@example.com", password: "correct horse battery" },
    });
    expect(signedIn.user).toMatchObject({ id: user.id, role: "admin" });
  });

  it("generates a strong password for a new user when none is given, and returns it to be shown once", async () => {
    const outcome = await createAdmin(db, { email: "generated@example.com", password: null });
    if (!outcome.ok || outcome.action !== "created" || outcome.generatedPassword === null)
      throw new Error(`unexpected ${JSON.stringify(outcome)}`);
    expect(outcome.generatedPassword).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await passwordWorks("generated@example.com", outcome.generatedPassword)).toBe(true);
    const again = await createAdmin(db, { email: "generated2@example.com", password: null });
    expect(again.ok && again.action === "created" && again.generatedPassword).not.toBe(outcome.generatedPassword);
  });

  it("promotes an existing user and keeps their password when none is given", async () => {
    await createAdmin(db, { email: "lea@example.com", password: "lea-own-password" });
    await db.user.update({ where: { email: "lea@example.com" }, data: { role: "learner" } });
    const outcome = await createAdmin(db, { email: "lea@example.com", password: null });
    expect(outcome).toMatchObject({
      ok: true,
      action: "promoted",
      previousRole: "learner",
      isPasswordSet: false,
      hasPassword: true,
    });
    expect((await db.user.findUniqueOrThrow({ where: { email: "lea@example.com" } })).role).toBe("admin");
    expect(await passwordWorks("lea@example.com", "lea-own-password")).toBe(true);
    expect(await db.account.count({ where: { user: { email: "lea@example.com" } } })).toBe(1);
  });

  it("sets a promoted user's password only when one is given, and ends their sessions", async () => {
    await createAdmin(db, { email: "ivan@example.com", password: "ivan-old-password" });
    const user = await db.user.update({ where: { email: "ivan@example.com" }, data: { role: "instructor" } });
    await db.session.create({
      data: { id: "s-ivan", token: "t-ivan", userId: user.id, expiresAt: new Date(Date.now() + 60_000) },
    });
    const outcome = await createAdmin(db, { email: "ivan@example.com", password: "ivan-new-password" });
    expect(outcome).toMatchObject({ ok: true, action: "promoted", previousRole: "instructor", isPasswordSet: true });
    expect(await passwordWorks("ivan@example.com", "ivan-new-password")).toBe(true);
    expect(await passwordWorks("ivan@example.com", "ivan-old-password")).toBe(false);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("gives a promoted user without a password account one when a password is given, and says when they have none", async () => {
    const bare = await createUser(db, "learner");
    const email = `${bare.id}@test.local`;
    expect(await createAdmin(db, { email, password: null })).toMatchObject({
      ok: true,
      action: "promoted",
      hasPassword: false,
    });
    expect(await db.account.count({ where: { userId: bare.id } })).toBe(0);
    expect(await createAdmin(db, { email, password: "bare-user-password" })).toMatchObject({
      ok: true,
      hasPassword: true,
    });
    expect(await passwordWorks(email, "bare-user-password")).toBe(true);
  });

  it.each([
    ["shorter than the minimum", "x".repeat(ADMIN_PASSWORD_MIN - 1), "at least 12"],
    ["longer than better-auth accepts", "x".repeat(ADMIN_PASSWORD_MAX + 1), "at most 128"],
    ["more than one line", "first-line-long\nsecond", "one line"],
  ])("refuses a password %s and writes nothing", async (_name, password, message) => {
    const outcome = await createAdmin(db, { email: "refused@example.com", password });
    expect(outcome).toMatchObject({ ok: false });
    expect(!outcome.ok && outcome.problem).toContain(message);
    expect(await db.user.count({ where: { email: "refused@example.com" } })).toBe(0);
  });

  it("accepts passwords of exactly the minimum and maximum lengths", async () => {
    expect(await createAdmin(db, { email: "min@example.com", password: "m".repeat(ADMIN_PASSWORD_MIN) })).toMatchObject(
      { ok: true },
    );
    expect(await createAdmin(db, { email: "max@example.com", password: "M".repeat(ADMIN_PASSWORD_MAX) })).toMatchObject(
      { ok: true },
    );
    expect(await passwordWorks("max@example.com", "M".repeat(ADMIN_PASSWORD_MAX))).toBe(true);
  });

  it("refuses an email better-auth's sign-in would refuse", async () => {
    expect(await createAdmin(db, { email: "not-an-email", password: null })).toEqual({
      ok: false,
      problem: "--email is not an email address",
    });
  });
});
