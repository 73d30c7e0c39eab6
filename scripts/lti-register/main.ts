// `npm run lti:register -- --issuer URL --client-id ID --deployment-id ID --auth-url URL --token-url URL --jwks-url URL
// [--name NAME]`: registers an LMS (docs/lti.md) and prints what its administrator pastes into it.
// Exit status: 0 registered (or already so), 2 bad arguments (nothing written), 1 anything else (e.g. no database).
import "dotenv/config";
import { parseArgs } from "node:util";
import { platformRegistrationSchema, toolConfiguration, type PlatformRegistration } from "../../contract/lti";
import { cliActor } from "../../server/audit/actors";
import { createPrismaClient } from "../../server/db-client";
import { envSchema } from "../../server/env-schema";
import { registerPlatform, type RegistrationOutcome } from "../../server/lti/platforms";
import { runCommand, UsageError } from "../cli/run-command";

const usage = `Usage: npm run lti:register -- --issuer URL --client-id ID --deployment-id ID \\
         --auth-url URL --token-url URL --jwks-url URL [--name NAME]

Registers an LMS (an LTI 1.3 platform) that may launch Pagewise, with one of its deployments. Run it again with the
same issuer and client id to add another deployment or to change the URLs. The values come from the LMS:
  --issuer         the platform's issuer (Canvas: https://canvas.instructure.com; Moodle: the site's URL)
  --client-id      the client id the LMS gave the tool
  --deployment-id  the deployment id of the tool's installation
  --auth-url       the platform's OIDC authorization endpoint
  --token-url      the platform's OAuth 2 token endpoint
  --jwks-url       the platform's public keyset URL
  --name           what the admin console calls it (default: the issuer's host)
It prints the URLs to paste into the LMS (docs/lti.md says where).`;

const OPTIONS = {
  issuer: "issuer",
  "client-id": "clientId",
  "deployment-id": "deploymentId",
  "auth-url": "authUrl",
  "token-url": "tokenUrl",
  "jwks-url": "jwksUrl",
  name: "name",
} as const;

function readArguments(argv: string[]): PlatformRegistration | "help" {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: { ...Object.fromEntries(Object.keys(OPTIONS).map((option) => [option, { type: "string" as const }])), help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return "help";
  const input = Object.fromEntries(Object.entries(OPTIONS).flatMap(([option, field]) => (values[option] === undefined ? [] : [[field, values[option]]])));
  const parsed = platformRegistrationSchema.safeParse(input);
  if (!parsed.success) {
    const optionOf = (field: string) => Object.entries(OPTIONS).find(([, name]) => name === field)?.[0] ?? field;
    throw new UsageError(parsed.error.issues.map((issue) => `--${optionOf(String(issue.path[0]))}: ${issue.code === "invalid_type" ? "missing" : issue.message}`).join("\n"));
  }
  return parsed.data;
}

function describe(outcome: RegistrationOutcome, publicUrl: string): string[] {
  const { platform } = outcome;
  const config = toolConfiguration(publicUrl);
  const change = { created: "Registered", updated: "Updated", unchanged: "Already registered:" }[outcome.platformChange];
  return [
    `${change} ${platform.name} (issuer ${platform.issuer}, client id ${platform.clientId}).`,
    `Deployments: ${platform.deploymentIds.join(", ")}${outcome.deploymentAdded ? " (the last one just added)" : ""}.`,
    "",
    "Paste these into the LMS (docs/lti.md shows where, for Canvas and Moodle):",
    `  OIDC login initiation URL   ${config.loginUrl}`,
    `  Redirect / launch URL       ${config.launchUrl}`,
    `  Public keyset (JWKS) URL    ${config.jwksUrl}`,
    `  Deep linking URL            ${config.deepLinkingUrl}`,
    `  Target link URI             ${config.targetLinkUri}`,
  ];
}

async function main(argv: string[]): Promise<number> {
  const args = readArguments(argv);
  if (args === "help") {
    console.log(usage);
    return 0;
  }
  const env = envSchema.pick({ DATABASE_URL: true, PUBLIC_URL: true }).parse(process.env);
  const db = createPrismaClient(env.DATABASE_URL);
  try {
    const outcome = await registerPlatform(db, cliActor("npm run lti:register"), args);
    for (const line of describe(outcome, env.PUBLIC_URL)) console.log(line);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

runCommand("lti:register", usage, main);
