import "server-only";
import { z } from "zod";
import { MEDIA_TYPE, SCOPE } from "../../contract/lti";
import { fetchWithTimeout, PlatformCallError } from "./platform-fetch";
import type { ServiceTokens, TokenPlatform } from "./service-token";

/** What the roster pull needs of the token cache (tests pass a fake). */
export type MembershipTokens = Pick<ServiceTokens, "tokenFor" | "forget">;

/** One member of an LMS course, as NRPS 2.0 reports them. */
export interface NrpsMember {
  /** The platform's `sub` for them (the same as in their launches). */
  userId: string;
  roles: string[];
  /** status absent means Active (NRPS 2.0, 2.2); Inactive and Deleted are not. */
  active: boolean;
  name?: string;
  email?: string;
}

/** A roster has at most this many pages: a platform that keeps answering "next" is not followed forever. */
export const MAX_ROSTER_PAGES = 200;

const memberSchema = z.object({
  user_id: z.string().min(1).max(255),
  roles: z.array(z.string().max(500)).max(100),
  status: z.string().optional(),
  name: z.string().max(500).optional(),
  given_name: z.string().max(500).optional(),
  family_name: z.string().max(500).optional(),
  // An email the LMS has wrong is left out rather than failing the roster: the account gets a placeholder address.
  email: z.email().max(320).optional().catch(undefined),
});
const containerSchema = z.object({ members: z.array(memberSchema) });

/**
 * Reads an LMS course's whole roster from its context_memberships_url: a bearer token with the memberships scope,
 * each page asked for as an NRPS membership container, the `Link: <...>; rel="next"` pages followed (on the same
 * origin only, since each request carries our token; at most MAX_ROSTER_PAGES). A 401 means the cached token was
 * revoked or expired early: it is forgotten and the page asked for once more with a fresh one. Every failure is a
 * PlatformCallError with the platform's status (0: no answer).
 */
export async function fetchMemberships(tokens: MembershipTokens, platform: TokenPlatform, membershipsUrl: string): Promise<NrpsMember[]> {
  const origin = new URL(membershipsUrl).origin;
  const members: NrpsMember[] = [];
  const seen = new Set<string>();
  let url: string | null = membershipsUrl;
  while (url !== null) {
    if (seen.size >= MAX_ROSTER_PAGES) throw new PlatformCallError(200, `the roster has more than ${MAX_ROSTER_PAGES} pages`);
    seen.add(url);
    const page = await fetchPage(tokens, platform, url);
    members.push(...page.members);
    const next = nextPageUrl(page.link, url);
    if (next !== null && new URL(next).origin !== origin) throw new PlatformCallError(200, `the roster's next page ${next.slice(0, 200)} is not on ${origin}`);
    url = next !== null && !seen.has(next) ? next : null;
  }
  return members;
}

async function fetchPage(tokens: MembershipTokens, platform: TokenPlatform, url: string): Promise<{ members: NrpsMember[]; link: string | null }> {
  const scopes = [SCOPE.memberships];
  for (let attempt = 1; ; attempt++) {
    const token = await tokens.tokenFor(platform, scopes);
    const response = await fetchWithTimeout(url, { method: "GET", headers: { authorization: `Bearer ${token}`, accept: MEDIA_TYPE.memberships } });
    const text = await response.text();
    if (response.status === 401 && attempt === 1) {
      tokens.forget(platform, scopes);
      continue;
    }
    if (!response.ok) throw new PlatformCallError(response.status, `the roster service answered ${response.status}: ${text.slice(0, 300)}`);
    const parsed = containerSchema.safeParse(safeJson(text));
    if (!parsed.success) throw new PlatformCallError(response.status, `the roster service's answer is not a membership container: ${parsed.error.issues[0]?.message ?? "not JSON"}`);
    return { members: parsed.data.members.map(toMember), link: response.headers.get("link") };
  }
}

function toMember(member: z.infer<typeof memberSchema>): NrpsMember {
  const name = member.name ?? ([member.given_name, member.family_name].filter(Boolean).join(" ") || undefined);
  return {
    userId: member.user_id,
    roles: member.roles,
    active: member.status === undefined || member.status === "Active",
    ...(name ? { name } : {}),
    ...(member.email ? { email: member.email } : {}),
  };
}

/**
 * The rel="next" target of a Link header (RFC 8288), resolved against the page's URL, or null. Links are separated
 * by commas outside the angle brackets; rel may list several space-separated relations.
 */
export function nextPageUrl(linkHeader: string | null, base: string): string | null {
  if (!linkHeader) return null;
  for (const part of linkHeader.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/s.exec(part);
    if (!match) continue;
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] ?? "");
    const relations = (rel?.[1] ?? rel?.[2] ?? "").toLowerCase().split(/\s+/);
    if (relations.includes("next") && URL.canParse(match[1] ?? "", base)) return new URL(match[1] ?? "", base).toString();
  }
  return null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
