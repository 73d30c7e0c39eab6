import "server-only";
import { APIError } from "better-auth/api";
import type { PrismaClient } from "../generated/prisma/client";

/** better-auth's refusal code for a disabled account (components/auth/auth-refusal.ts words it for the form). */
export const ACCOUNT_DISABLED_CODE = "ACCOUNT_DISABLED";

/**
 * Runs before better-auth creates any session (sign-in, and sign-up's automatic sign-in): a disabled account gets
 * none. It runs after the password was checked, so the refusal tells only someone who knows the password that the
 * account exists and is disabled.
 */
export async function refuseDisabledAccount(db: PrismaClient, userId: string): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { disabledAt: true } });
  if (user?.disabledAt) {
    throw new APIError("FORBIDDEN", { code: ACCOUNT_DISABLED_CODE, message: "This account has been disabled by an administrator." });
  }
}

/** Runs after a session is created: the admin console's "last sign-in". */
export async function noteSignIn(db: PrismaClient, userId: string, at: Date): Promise<void> {
  await db.user.updateMany({ where: { id: userId }, data: { lastSignInAt: at } });
}
