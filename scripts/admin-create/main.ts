// `npm run admin:create -- --email E [--name N]`: the first admin of a production install, where the seed creates
// no account. Reads the command line and stdin, prints the outcome; the rules are in create-admin.ts.
// Exit status: 0 done, 2 bad arguments or a refused password (nothing written), 1 anything else (e.g. no database).
import "dotenv/config";
import { parseArgs } from "node:util";
import { createPrismaClient } from "../../server/db-client";
import {
  ADMIN_PASSWORD_MAX,
  ADMIN_PASSWORD_MIN,
  adminRequestSchema,
  createAdmin,
  describeIssues,
  type AdminOutcome,
} from "./create-admin";
import { runCommand, UsageError } from "../cli/run-command";

const usage = `Usage: npm run admin:create -- --email EMAIL [--name NAME]

Creates a platform admin who signs in with EMAIL and a password, or makes the existing user with EMAIL an admin.
Pipe the password in on stdin (${ADMIN_PASSWORD_MIN} to ${ADMIN_PASSWORD_MAX} characters, one line):
  printf '%s\\n' "$PASSWORD" | npm run admin:create -- --email admin@example.com
Without one (a terminal, or empty input), a new user gets a generated password, printed once;
an existing user keeps their password.`;

// parseArgs rejects unknown options and missing values; zod then checks what the options say.
function readArguments(argv: string[]): { email: string; name?: string } | "help" {
  let values: { email?: string; name?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: { email: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return "help";
  const parsed = adminRequestSchema.pick({ email: true, name: true }).safeParse(values);
  if (!parsed.success) throw new UsageError(describeIssues(parsed.error));
  return parsed.data;
}

// A pipe gives the password (one trailing newline removed, as echo adds); a terminal or empty input gives none.
async function readPipedPassword(): Promise<string | null> {
  if (process.stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  return text === "" ? null : text;
}

function describeOutcome(outcome: Extract<AdminOutcome, { ok: true }>): string[] {
  if (outcome.action === "created") {
    const lines = [`Created admin ${outcome.email}.`];
    if (outcome.generatedPassword !== null) {
      lines.push(`Password: ${outcome.generatedPassword}`, "Store it now: it will not be shown again.");
    } else {
      lines.push("They sign in with the password you piped in.");
    }
    return lines;
  }
  const lines = [
    outcome.previousRole === "admin"
      ? `${outcome.email} was an admin already.`
      : `Promoted ${outcome.email} from ${outcome.previousRole} to admin.`,
  ];
  if (outcome.isPasswordSet) lines.push("Set their password to the one you piped in, and ended their open sessions.");
  else if (outcome.hasPassword) lines.push("Their password is unchanged.");
  else lines.push("They have no password yet: pipe one in to set it.");
  return lines;
}

async function main(argv: string[]): Promise<number> {
  const args = readArguments(argv);
  if (args === "help") {
    console.log(usage);
    return 0;
  }
  const password = await readPipedPassword();
  const db = createPrismaClient(process.env.DATABASE_URL ?? "file:./data/pagewise.db");
  try {
    const outcome = await createAdmin(db, { ...args, password });
    if (!outcome.ok) throw new UsageError(outcome.problem);
    for (const line of describeOutcome(outcome)) console.log(line);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

runCommand("admin:create", usage, main);
