import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { ACCOUNT_RULES } from "../contract/http/auth";
import { noteSignIn, refuseDisabledAccount } from "./auth-hooks";
import { getDb } from "./db";
import { isPostgresUrl } from "./db-client";
import { getEnv } from "./env";

/**
 * Accounts: email and password with sessions in the database (better-auth, verified offline in
 * STACK.md). The platform role is a user field learners cannot set themselves (input: false).
 */
function createAuth() {
  const env = getEnv();
  return betterAuth({
    appName: "Pagewise",
    baseURL: env.PUBLIC_URL,
    secret: env.BETTER_AUTH_SECRET,
    trustedOrigins: [env.PUBLIC_URL],
    database: prismaAdapter(getDb(), { provider: isPostgresUrl(env.DATABASE_URL) ? "postgresql" : "sqlite" }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: ACCOUNT_RULES.passwordMinLength,
      maxPasswordLength: ACCOUNT_RULES.passwordMaxLength,
      autoSignIn: true,
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "learner", input: false },
        // Read with every session, so a disabled user is refused on their next request even if a session was
        // created while the admin disabled them (server/session.ts); set only by the admin console.
        disabledAt: { type: "date", required: false, input: false },
      },
    },
    // A disabled account gets no new session; every new session notes the user's last sign-in (server/auth-hooks.ts).
    databaseHooks: {
      session: {
        create: {
          before: async (session) => refuseDisabledAccount(getDb(), session.userId),
          after: async (session) => noteSignIn(getDb(), session.userId, session.createdAt),
        },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    // Our own limits (server/route/named-limits.ts) stand in front of sign-in and sign-up: per client address
    // from the socket (not a header a client can invent) and per account, counted in the database so every web
    // process shares them. better-auth's would be per process and trust X-Forwarded-For.
    rateLimit: { enabled: false },
    // Session cookies: never readable by scripts, not sent on cross-site subrequests or posts, Secure (and
    // __Secure- prefixed) whenever the site is served over https.
    advanced: {
      useSecureCookies: new URL(env.PUBLIC_URL).protocol === "https:",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    telemetry: { enabled: false },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as { pagewiseAuth?: Auth };

/** The process's better-auth instance. */
export function getAuth(): Auth {
  globalForAuth.pagewiseAuth ??= createAuth();
  return globalForAuth.pagewiseAuth;
}
