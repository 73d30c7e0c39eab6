import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { getDb } from "./db";
import { getEnv } from "./env";

/**
 * Accounts: email and password with sessions in the database (better-auth, verified offline in
 * STACK.md). The platform role is a user field learners cannot set themselves (input: false).
 */
function createAuth() {
  const env = getEnv();
  const isPostgres = /^postgres(ql)?:\/\//.test(env.DATABASE_URL);
  return betterAuth({
    appName: "Pagewise",
    baseURL: env.PUBLIC_URL,
    secret: env.BETTER_AUTH_SECRET,
    trustedOrigins: [env.PUBLIC_URL],
    database: prismaAdapter(getDb(), { provider: isPostgres ? "postgresql" : "sqlite" }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: true },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "learner", input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: env.AUTH_RATE_LIMIT_PER_MINUTE > 0,
      window: 60,
      max: Math.max(env.AUTH_RATE_LIMIT_PER_MINUTE, 1) * 4,
      customRules: {
        "/sign-in/email": { window: 60, max: Math.max(env.AUTH_RATE_LIMIT_PER_MINUTE, 1) },
        "/sign-up/email": { window: 60, max: Math.max(env.AUTH_RATE_LIMIT_PER_MINUTE, 1) },
      },
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
