import "server-only";
import type { PrismaClient } from "../../generated/prisma/client";
import type { RosterPullResponse } from "../../contract/http/lti-roster";
import type { AuditActor } from "../audit/actions";
import { auditedTransaction, recordAudit } from "../audit/record";
import type { CourseRole } from "../courses";
import { RequestError } from "../errors";
import { fetchMemberships, type MembershipTokens, type NrpsMember } from "./nrps";
import { PlatformCallError } from "./platform-fetch";
import { courseRoleFromLti, enrollFromLti, findOrCreateLtiUser } from "./users";

/** A person in the pulled rosters: one entry even when they are in several of the LMS courses bound here. */
interface RosterPerson {
  issuer: string;
  sub: string;
  name?: string;
  email?: string;
  /** Their strongest role among the memberships where they are active; null when active in none. */
  role: CourseRole | null;
}

const ROLE_RANK: Record<CourseRole, number> = { learner: 0, ta: 1, instructor: 2 };

/** Enrolling a large roster is one transaction: SQLite takes a few seconds for thousands of rows, more than the default 5 s when busy. */
const TRANSACTION_TIMEOUT_MS = 60_000;

/**
 * Pulls the roster of every LMS course bound to the course (NRPS 2.0; the contexts whose launch offered the
 * service) and enrolls its active members with their LMS roles: an account is created for anyone new (linked by
 * issuer and sub, server/lti/users.ts), an enrolment added or its role changed to the LMS's. Inactive and deleted
 * members are counted but never unenrolled: their submissions and grades stay. Every roster is read before anything
 * is written, then one audited transaction enrolls, stamps lastRosterPullAt and records `lti.roster_pull` with the
 * counts. 409 when no bound LMS course offers the roster service; 502 naming the platform when one fails.
 */
export async function pullRoster(db: PrismaClient, tokens: MembershipTokens, actor: AuditActor, courseId: string, now = new Date()): Promise<RosterPullResponse> {
  const contexts = await db.ltiContext.findMany({
    where: { courseId, membershipsUrl: { not: null } },
    include: { platform: { select: { id: true, issuer: true, clientId: true, tokenUrl: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  if (contexts.length === 0) {
    throw new RequestError(
      409,
      "no_lms_roster",
      "No LMS course with a roster service is linked to this course yet. Open Pagewise once from your LMS course (as its instructor), with the LMS's Names and Role Provisioning service enabled for the tool, then pull the roster.",
    );
  }

  const people = new Map<string, RosterPerson>();
  for (const context of contexts) {
    const { platform } = context;
    let members: NrpsMember[];
    try {
      members = await fetchMemberships(tokens, platform, context.membershipsUrl ?? "");
    } catch (error) {
      if (!(error instanceof PlatformCallError)) throw error;
      // The message says which step failed (the token endpoint, the roster service, an unusable answer) and with what.
      throw new RequestError(502, "lms_roster_failed", `${platform.name}: pulling the roster of "${context.title}" failed: ${error.message}`);
    }
    for (const member of members) {
      const key = `${platform.issuer}\u0000${member.userId}`;
      const known = people.get(key);
      const name = member.name ?? known?.name;
      const email = member.email ?? known?.email;
      const role = member.active ? courseRoleFromLti(member.roles) : null;
      people.set(key, { issuer: platform.issuer, sub: member.userId, ...(name ? { name } : {}), ...(email ? { email } : {}), role: strongest(known?.role ?? null, role) });
    }
  }

  return auditedTransaction(
    db,
    async (tx) => {
      const counts = { contexts: contexts.length, added: 0, updated: 0, unchanged: 0, inactive: 0, created: 0 };
      for (const person of people.values()) {
        if (person.role === null) {
          counts.inactive++;
          continue;
        }
        const { userId, created } = await findOrCreateLtiUser(tx, person);
        if (created) counts.created++;
        counts[await enrollFromLti(tx, userId, courseId, person.role)]++;
      }
      await tx.ltiContext.updateMany({ where: { id: { in: contexts.map((context) => context.id) } }, data: { lastRosterPullAt: now } });
      await recordAudit(tx, actor, { action: "lti.roster_pull", targetType: "course", targetId: courseId, courseId, after: counts });
      return counts;
    },
    { timeout: TRANSACTION_TIMEOUT_MS },
  );
}

function strongest(a: CourseRole | null, b: CourseRole | null): CourseRole | null {
  if (a === null) return b;
  if (b === null) return a;
  return ROLE_RANK[b] > ROLE_RANK[a] ? b : a;
}
