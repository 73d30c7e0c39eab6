import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { Prisma } from "../generated/prisma/client";

/**
 * Users with a password, written outside better-auth (the seed's demo accounts, `npm run admin:create`) in exactly
 * the shape its email sign-in looks up: a lower-case email, and an account with providerId "credential",
 * accountId = the user's id, and better-auth's own password hash. Any other shape signs in as "invalid password".
 */
export interface CredentialUser {
  email: string;
  name: string;
  role: string;
  password: string;
  /** better-auth's hash of `password`, when the caller made it already (outside a transaction: hashing is slow). */
  passwordHash?: string;
}

/** better-auth's hash of a password (scrypt, about 0.1 s): make it before a transaction, not inside one. */
export function hashCredentialPassword(password: string): Promise<string> {
  return hashPassword(password);
}

/** Creates the user and its credential account in one write (on a client or a caller's transaction); returns the id. */
export async function createCredentialUser(db: Prisma.TransactionClient, user: CredentialUser): Promise<string> {
  const id = randomUUID();
  const hash = user.passwordHash ?? (await hashPassword(user.password));
  await db.user.create({
    data: {
      id,
      email: user.email.toLowerCase(),
      name: user.name,
      role: user.role,
      // Nobody can verify an address offline; these users are created by whoever runs the server.
      emailVerified: true,
      accounts: {
        create: {
          id: randomUUID(),
          accountId: id,
          providerId: "credential",
          password: hash,
        },
      },
    },
  });
  return id;
}

/**
 * Sets an existing user's password: updates their credential account, or creates one when they have none.
 * Their open sessions are ended too, as better-auth does when a password is reset. Runs on the caller's
 * transaction, so the new password and the ended sessions commit together (with whatever else the caller writes).
 */
export async function setCredentialPassword(tx: Prisma.TransactionClient, userId: string, password: string, passwordHash?: string): Promise<void> {
  const hash = passwordHash ?? (await hashPassword(password));
  const account = await tx.account.findFirst({ where: { userId, providerId: "credential", accountId: userId } });
  if (account) await tx.account.update({ where: { id: account.id }, data: { password: hash } });
  else await tx.account.create({ data: { id: randomUUID(), userId, accountId: userId, providerId: "credential", password: hash } });
  await tx.session.deleteMany({ where: { userId } });
}
