import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from "jose";
import type { PrismaClient } from "../../generated/prisma/client";
import type { AuditActor } from "../audit/actions";
import { auditedTransaction, recordAudit } from "../audit/record";

/** The tool signs with RS256: the one algorithm every LTI 1.3 platform must accept (Security Framework 1.0, 6.1). */
export const TOOL_SIGNING_ALGORITHM = "RS256";

/**
 * How long a key that was rotated out stays published at /api/lti/jwks. Platforms cache a tool's JWKS (Canvas for
 * hours); what the old key signed just before the rotation (a client assertion, a deep-linking response) must still
 * verify, and a platform must have time to fetch the new key before it sees a token signed by it.
 */
export const ROTATED_KEY_PUBLISHED_MS = 24 * 60 * 60 * 1000;

export interface ToolSigningKey {
  kid: string;
  privateKey: CryptoKey;
}

type KeyDb = Pick<PrismaClient, "ltiKey">;
const importedKeys = new Map<string, CryptoKey>();

/** The key the tool signs with now: the newest not rotated out, generated and stored on first use. */
export async function toolSigningKey(db: KeyDb): Promise<ToolSigningKey> {
  const current = await db.ltiKey.findFirst({ where: { rotatedAt: null }, orderBy: { createdAt: "desc" } });
  const row = current ?? (await createKey(db));
  return { kid: row.kid, privateKey: await importPrivate(row.kid, row.privateJwk) };
}

/** The public keys a platform verifies our JWTs with: the signing key and those rotated out less than a day ago. */
export async function publishedJwks(db: KeyDb, now = new Date()): Promise<{ keys: JWK[] }> {
  await toolSigningKey(db); // a platform may fetch the JWKS before anything was signed: it must not be empty
  const rows = await db.ltiKey.findMany({
    where: { OR: [{ rotatedAt: null }, { rotatedAt: { gt: new Date(now.getTime() - ROTATED_KEY_PUBLISHED_MS) } }] },
    orderBy: { createdAt: "desc" },
  });
  return { keys: rows.map((row) => JSON.parse(row.publicJwk) as JWK) };
}

/**
 * Makes a new signing key and rotates the current ones out (still published for ROTATED_KEY_PUBLISHED_MS), in one
 * audited transaction. Returns the new key's id.
 */
export async function rotateToolKey(db: PrismaClient, actor: AuditActor): Promise<{ kid: string; rotatedOut: string[] }> {
  const fresh = await newKeyRow();
  return auditedTransaction(db, async (tx) => {
    const current = await tx.ltiKey.findMany({ where: { rotatedAt: null }, select: { kid: true } });
    await tx.ltiKey.updateMany({ where: { rotatedAt: null }, data: { rotatedAt: new Date() } });
    await tx.ltiKey.create({ data: fresh });
    const rotatedOut = current.map((key) => key.kid);
    await recordAudit(tx, actor, { action: "lti.rotate_key", targetType: "lti_key", targetId: fresh.kid, courseId: null, before: { signing: rotatedOut }, after: { signing: fresh.kid } });
    return { kid: fresh.kid, rotatedOut };
  });
}

/** Signs claims as the tool: RS256 with the current key's kid, iat now, and the given lifetime. */
export async function signAsTool(db: KeyDb, claims: JWTPayload, options: { expiresInSeconds: number; typ?: string }): Promise<string> {
  const key = await toolSigningKey(db);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: TOOL_SIGNING_ALGORITHM, kid: key.kid, ...(options.typ ? { typ: options.typ } : {}) })
    .setIssuedAt()
    .setExpirationTime(`${options.expiresInSeconds}s`)
    .sign(key.privateKey);
}

async function createKey(db: KeyDb) {
  return db.ltiKey.create({ data: await newKeyRow() });
}

async function newKeyRow() {
  const kid = randomUUID();
  const { publicKey, privateKey } = await generateKeyPair(TOOL_SIGNING_ALGORITHM, { modulusLength: 2048, extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: TOOL_SIGNING_ALGORITHM, use: "sig" };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: TOOL_SIGNING_ALGORITHM };
  return { kid, publicJwk: JSON.stringify(publicJwk), privateJwk: JSON.stringify(privateJwk) };
}

// Importing a JWK costs a little; a process signs with the same key for days, so it is kept once imported.
async function importPrivate(kid: string, privateJwk: string): Promise<CryptoKey> {
  let key = importedKeys.get(kid);
  if (!key) {
    key = (await importJWK(JSON.parse(privateJwk) as JWK, TOOL_SIGNING_ALGORITHM)) as CryptoKey;
    importedKeys.set(kid, key);
  }
  return key;
}

/** The tool's keys for the admin page, newest first: which signs, which are still published. */
export async function listToolKeys(db: KeyDb, now = new Date()): Promise<{ kid: string; createdAt: Date; rotatedAt: Date | null; signing: boolean; published: boolean }[]> {
  const rows = await db.ltiKey.findMany({ select: { kid: true, createdAt: true, rotatedAt: true }, orderBy: { createdAt: "desc" } });
  const signingKid = rows.find((row) => row.rotatedAt === null)?.kid;
  return rows.map((row) => ({
    ...row,
    signing: row.kid === signingKid,
    published: row.rotatedAt === null || row.rotatedAt.getTime() > now.getTime() - ROTATED_KEY_PUBLISHED_MS,
  }));
}
