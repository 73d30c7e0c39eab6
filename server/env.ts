import "server-only";
import { envSchema, type Env } from "./env-schema";

export type { Env };

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
