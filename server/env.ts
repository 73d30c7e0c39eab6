import "server-only";
import { z } from "zod";

/**
 * Every setting the server reads, validated once at start-up. README "Configuration" lists them.
 * A bad value stops the server with a message naming the variable, never a silent fallback.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** file:./data/pagewise.db (SQLite, the embedded default) or postgresql://user:pass@host:5432/db */
  DATABASE_URL: z.string().min(1).default("file:./data/pagewise.db"),
  /** Signs session cookies. `npm run setup` writes a random one into .env. */
  BETTER_AUTH_SECRET: z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters"),
  /** The public origin of the site: cookies, redirects and the Origin check use it. */
  PUBLIC_URL: z.url().default("http://127.0.0.1:3000"),
  /** Local grading worker processes (each runs one submission at a time). */
  GRADER_WORKERS: z.coerce.number().int().min(1).max(32).default(1),
  /** Sign-in/sign-up attempts allowed per IP per minute (0 turns the limit off, e.g. for load tests). */
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(10_000).default(30),
});

export type Env = z.infer<typeof envSchema>;

function readEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}\nSee README.md, "Configuration".`);
  }
  return parsed.data;
}

let cached: Env | undefined;

/** The validated environment (read once per process). */
export function getEnv(): Env {
  cached ??= readEnv();
  return cached;
}
