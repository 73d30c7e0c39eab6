import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "../../generated/prisma/client";
import { createCredentialUser, hashCredentialPassword, setCredentialPassword } from "../../prisma/credential-user";
import { cliActor } from "../../server/audit/actors";
import { auditedTransaction, recordAudit } from "../../server/audit/record";

/** The audit log's actor for this command: an operator at the server's console. */
const ADMIN_CREATE = cliActor("npm run admin:create");

/**
 * The first admin of a production install (`npm run admin:create`), where the seed creates no account. The checks
 * here are the command's rules; main.ts only reads the command line and stdin and prints the outcome.
 */

// Stricter than sign-up's 8: an admin account guards everyone's work.
export const ADMIN_PASSWORD_MIN = 12;
// better-auth's maxPasswordLength (server/auth.ts): a longer one could never sign in.
export const ADMIN_PASSWORD_MAX = 128;

/**
 * What the command accepts. Emails are normalised as better-auth stores and looks them up (trimmed, lower case) and
 * checked by the same zod email rule its sign-in applies.
 */
export const adminRequestSchema = z.object({
  email: z.string({ error: "is required" }).trim().toLowerCase().pipe(z.email("is not an email address")),
  /** For a new user (default "Administrator"); an existing user's name changes only when this is given. */
  name: z.string().trim().min(1, "must not be empty").max(80, "must be at most 80 characters").optional(),
  /** A chosen password, or null: a new user then gets a generated one, an existing user keeps theirs. */
  password: z
    .string()
    .min(ADMIN_PASSWORD_MIN, `must be at least ${ADMIN_PASSWORD_MIN} characters`)
    .max(ADMIN_PASSWORD_MAX, `must be at most ${ADMIN_PASSWORD_MAX} characters`)
    .refine((password) => !/[\r\n]/.test(password), "must be one line")
    .nullable(),
});

export type AdminRequest = z.input<typeof adminRequestSchema>;

export type AdminOutcome =
  | { ok: true; action: "created"; userId: string; email: string; generatedPassword: string | null }
  | {
      ok: true;
      action: "promoted";
      userId: string;
      email: string;
      previousRole: string;
      isPasswordSet: boolean;
      /** False when the user has no password account and none was given: they cannot sign in with a password yet. */
      hasPassword: boolean;
    }
  | { ok: false; problem: string };

/** 32 characters from 192 random bits, URL-safe so it survives copying from a terminal. */
export function generateAdminPassword(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * Makes `email` a platform admin who can sign in with a password: creates the user (with the given or a generated
 * password), or promotes the existing user (setting the password only when one is given). Refuses a bad email or
 * password as a result, before writing anything.
 */
export async function createAdmin(db: PrismaClient, input: AdminRequest): Promise<AdminOutcome> {
  const parsed = adminRequestSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problem: describeIssues(parsed.error) };
  const { email, name, password } = parsed.data;
  // The password is hashed first (about 0.1 s of scrypt): inside the transaction it would hold SQLite's write lock,
  // and every other writer (a running server) would wait on it.
  const chosen = password ?? generateAdminPassword();
  const passwordHash = await hashCredentialPassword(chosen);
  // The account and its audit entry commit together: no admin appears without its entry, and none is recorded
  // that was not made.
  return auditedTransaction(db, async (tx) => {
    const existing = await tx.user.findUnique({
      where: { email },
      include: { accounts: { where: { providerId: "credential" } } },
    });
    if (!existing) {
      const userId = await createCredentialUser(tx, { email, name: name ?? "Administrator", role: "admin", password: chosen, passwordHash });
      await recordAudit(tx, ADMIN_CREATE, { action: "admin.create", targetType: "user", targetId: userId, courseId: null, after: { email, role: "admin" } });
      return { ok: true, action: "created", userId, email, generatedPassword: password === null ? chosen : null };
    }

    await tx.user.update({
      where: { id: existing.id },
      data: { role: "admin", ...(name === undefined ? {} : { name }) },
    });
    if (password !== null) await setCredentialPassword(tx, existing.id, password, passwordHash);
    await recordAudit(tx, ADMIN_CREATE, {
      action: "admin.promote",
      targetType: "user",
      targetId: existing.id,
      courseId: null,
      before: { email, role: existing.role },
      after: { email, role: "admin", passwordSet: password !== null },
    });
    return {
      ok: true,
      action: "promoted",
      userId: existing.id,
      email,
      previousRole: existing.role,
      isPasswordSet: password !== null,
      hasPassword: password !== null || existing.accounts.some((a) => a.accountId === existing.id && a.password !== null),
    };
  });
}

/** One line per problem, in the command's terms: `--email is not an email address`, `the password must be ...`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = String(issue.path[0] ?? "input");
      return `${field === "password" ? "the password" : `--${field}`} ${issue.message}`;
    })
    .join("\n");
}
