import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { ACCOUNT_RULES } from "../contract/http/auth";
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
