import { z } from "zod";

/**
 * Every setting the server reads, validated once at start-up. README "Configuration" lists them.
 * A bad value stops the server with a message naming the variable, never a silent fallback. No "server-only"
 * here: scripts/serve.ts (plain Node, before Next) and proxy.ts read single settings through the same schema.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** file:./data/pagewise.db (SQLite, the embedded default) or postgresql://user:pass@host:5432/db */
  DATABASE_URL: z.string().min(1).default("file:./data/pagewise.db"),
  /** Signs session cookies. `npm run setup` writes a random one into .env. */
  BETTER_AUTH_SECRET: z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters"),
  /** The public origin of the site: cookies, redirects and the Origin check use it. */
  PUBLIC_URL: z.url().default("http://127.0.0.1:3000"),
  /**
   * Grading worker processes in the web server (each grades one submission at a time). 0: the web server only
   * enqueues and `npm run grader:worker` hosts grade (PostgreSQL only).
   */
  GRADER_WORKERS: z.coerce.number().int().min(0).max(32).default(1),
  /** Submissions a learner may have waiting or being graded at once; one more is refused with 429 (0: no cap). */
  SUBMISSIONS_IN_FLIGHT_PER_LEARNER: z.coerce.number().int().min(0).max(10_000).default(10),
  /** Sign-in/sign-up attempts allowed per client address per minute (0 turns the limit off, e.g. for load tests). */
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(10_000).default(30),
  /** Sign-in attempts allowed per account per hour, from any address (0: off). */
  AUTH_ACCOUNT_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(0).max(100_000).default(30),
  /** Submissions per learner: a burst per minute and a sustained rate per hour (0: off). */
  SUBMISSION_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(10_000).default(10),
  SUBMISSION_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(0).max(100_000).default(200),
  /**
   * How many reverse proxies in front of the server to trust for X-Forwarded-For: 0 (the default) takes the
   * client's address from the socket and ignores the header; 1 trusts one proxy (nginx, a load balancer).
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Bearer token Prometheus sends to read /api/metrics (and a grader host's metrics port); unset: no metrics. */
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  /**
   * Where the courses are read from (default: the repository's content/). Its exercises must be those the build was
   * made from (the grader's registries are built in): a copy that changes deadlines, titles or lessons, for staging.
   */
  CONTENT_ROOT: z.string().min(1).optional(),
  /**
   * The grader build to grade with (worker.mjs and runtime/), default generated/grader: another build staged beside
   * it, e.g. one with a fixed check (scripts/build-grader.ts --out-dir ... --replace ...), for a regrade.
   */
  GRADER_BUILD_DIR: z.string().min(1).optional(),
});

export type Env = z.infer<typeof envSchema>;
