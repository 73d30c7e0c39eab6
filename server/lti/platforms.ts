import type { PrismaClient } from "../../generated/prisma/client";
import type { PlatformRegistration } from "../../contract/lti";
import type { AuditActor } from "../audit/actions";
import { auditedTransaction, recordAudit } from "../audit/record";

export interface RegisteredPlatform {
  id: string;
  issuer: string;
  clientId: string;
  name: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  deploymentIds: string[];
}

export interface RegistrationOutcome {
  platform: RegisteredPlatform;
  /** created: a new (issuer, client id); updated: its URLs or name changed; unchanged otherwise. */
  platformChange: "created" | "updated" | "unchanged";
  deploymentAdded: boolean;
}

/**
 * Stores a platform and one of its deployments (npm run lti:register, /admin/lti): one row per (issuer, client id),
 * so an LMS can register the tool several times, and each registration gathers its deployments. Registering again
 * updates the URLs and adds the deployment if new. One audited transaction; nothing is recorded when nothing changed.
 */
export async function registerPlatform(db: PrismaClient, actor: AuditActor, input: PlatformRegistration): Promise<RegistrationOutcome> {
  const name = input.name ?? new URL(input.issuer).host;
  return auditedTransaction(db, async (tx) => {
    const existing = await tx.ltiPlatform.findUnique({ where: { issuer_clientId: { issuer: input.issuer, clientId: input.clientId } }, include: { deployments: true } });
    const fields = { name, authUrl: input.authUrl, tokenUrl: input.tokenUrl, jwksUrl: input.jwksUrl };
    const platform = existing
      ? await tx.ltiPlatform.update({ where: { id: existing.id }, data: fields })
      : await tx.ltiPlatform.create({ data: { issuer: input.issuer, clientId: input.clientId, ...fields, origins: JSON.stringify([new URL(input.issuer).origin]) } });
    const knownDeployments = existing?.deployments.map((d) => d.deploymentId) ?? [];
    const deploymentAdded = !knownDeployments.includes(input.deploymentId);
    if (deploymentAdded) await tx.ltiDeployment.create({ data: { platformId: platform.id, deploymentId: input.deploymentId } });
    const platformChange = !existing ? "created" : (Object.keys(fields) as (keyof typeof fields)[]).some((key) => existing[key] !== fields[key]) ? "updated" : "unchanged";
    const deploymentIds = deploymentAdded ? [...knownDeployments, input.deploymentId] : knownDeployments;
    if (platformChange !== "unchanged" || deploymentAdded) {
      await recordAudit(tx, actor, {
        action: "lti.register",
        targetType: "lti_platform",
        targetId: platform.id,
        courseId: null,
        ...(existing ? { before: describe(existing, knownDeployments) } : {}),
        after: describe(platform, deploymentIds),
      });
    }
    return { platform: toRegistered(platform, deploymentIds), platformChange, deploymentAdded };
  });
}

/** Every registered platform with its deployments, by name. */
export async function listPlatforms(db: PrismaClient): Promise<RegisteredPlatform[]> {
  const rows = await db.ltiPlatform.findMany({ include: { deployments: { orderBy: { createdAt: "asc" } } }, orderBy: [{ name: "asc" }, { createdAt: "asc" }] });
  return rows.map((row) => toRegistered(row, row.deployments.map((d) => d.deploymentId)));
}

/**
 * The web origins of every registered platform: its issuer's and those its signed launches named. Pages a launch
 * leads to may be framed by them, and the deep-linking picker may post to them.
 */
export async function platformOrigins(db: Pick<PrismaClient, "ltiPlatform">): Promise<string[]> {
  const rows = await db.ltiPlatform.findMany({ select: { origins: true } });
  return [...new Set(rows.flatMap((row) => parseOrigins(row.origins)))].sort();
}

/** Adds origins a verified launch named (its return and service URLs) to the platform's list. */
export async function learnPlatformOrigins(db: Pick<PrismaClient, "ltiPlatform">, platformId: string, urls: readonly (string | undefined)[]): Promise<void> {
  const platform = await db.ltiPlatform.findUnique({ where: { id: platformId }, select: { origins: true } });
  if (!platform) return;
  const known = parseOrigins(platform.origins);
  const seen = urls.flatMap((url) => (url && URL.canParse(url) ? [new URL(url).origin] : [])).filter((origin) => origin !== "null");
  const fresh = seen.filter((origin) => !known.includes(origin));
  if (fresh.length === 0) return;
  await db.ltiPlatform.update({ where: { id: platformId }, data: { origins: JSON.stringify([...known, ...new Set(fresh)].slice(0, 50)) } });
}

export function parseOrigins(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
  } catch {
    return [];
  }
}

type PlatformRow = { id: string; issuer: string; clientId: string; name: string; authUrl: string; tokenUrl: string; jwksUrl: string };

function toRegistered(row: PlatformRow, deploymentIds: string[]): RegisteredPlatform {
  return { id: row.id, issuer: row.issuer, clientId: row.clientId, name: row.name, authUrl: row.authUrl, tokenUrl: row.tokenUrl, jwksUrl: row.jwksUrl, deploymentIds };
}

function describe(row: PlatformRow, deploymentIds: string[]) {
  return { issuer: row.issuer, clientId: row.clientId, name: row.name, authUrl: row.authUrl, tokenUrl: row.tokenUrl, jwksUrl: row.jwksUrl, deploymentIds };
}
