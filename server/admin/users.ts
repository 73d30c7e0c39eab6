import "server-only";
import type { AdminUserView, PlatformRole, UserSearch } from "../../contract/http/admin";
import { platformRoleSchema } from "../../contract/http/admin";
import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import type { UserActor } from "../audit/actors";
import { auditedTransaction, recordAudit } from "../audit/record";
import { RequestError } from "../errors";

export const USERS_PAGE_SIZE = 50;

const userSelect = {
  id: true,
  name: true,
  email: true,
  role: true,
  lastSignInAt: true,
  createdAt: true,
  disabledAt: true,
  disabledReason: true,
  enrollments: { orderBy: { course: { position: "asc" } }, select: { role: true, course: { select: { id: true, title: true } } } },
} satisfies Prisma.UserSelect;

type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

export interface UserPage {
  users: AdminUserView[];
  /** Users the search matches in all (the page shows USERS_PAGE_SIZE of them). */
  total: number;
  page: number;
  pageCount: number;
}

/**
 * The console's user search: part of a name or an email (emails are stored lower-case, so the email match ignores
 * case; a name matches as typed on PostgreSQL, ignoring ASCII case on SQLite), or a user id exactly; a platform role;
 * enabled or disabled. Newest accounts first, a page at a time.
 */
export async function searchUsers(db: PrismaClient, search: UserSearch): Promise<UserPage> {
  const where: Prisma.UserWhereInput[] = [];
  if (search.q) where.push({ OR: [{ id: search.q }, { email: { contains: search.q.toLowerCase() } }, { name: { contains: search.q } }] });
  if (search.role) where.push({ role: search.role });
  if (search.status) where.push({ disabledAt: search.status === "disabled" ? { not: null } : null });
  const total = await db.user.count({ where: { AND: where } });
  const pageCount = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
  const page = Math.min(search.page ?? 1, pageCount);
  const rows = await db.user.findMany({
    where: { AND: where },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    skip: (page - 1) * USERS_PAGE_SIZE,
    take: USERS_PAGE_SIZE,
    select: userSelect,
  });
  return { users: rows.map(toUserView), total, page, pageCount };
}

/** One user as the console shows them, or a 404. */
export async function requireUserView(db: Pick<PrismaClient, "user">, userId: string): Promise<AdminUserView> {
  const row = await db.user.findUnique({ where: { id: userId }, select: userSelect });
  if (!row) throw userNotFound();
  return toUserView(row);
}

/**
 * Changes a user's platform role, recorded in the audit log with the role it replaced. An admin cannot change their
 * own role (another admin must), so the platform is never left without an admin by a slip of the hand; and the role
 * is read again on the user's next request, so a demoted admin loses the console at once.
 */
export async function setUserRole(db: PrismaClient, actor: UserActor, userId: string, role: PlatformRole): Promise<AdminUserView> {
  if (userId === actor.userId) throw new RequestError(409, "own_role", "You cannot change your own role: ask another admin.");
  return auditedTransaction(db, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { role: true, email: true } });
    if (!user) throw userNotFound();
    if (user.role !== role) {
      await tx.user.update({ where: { id: userId }, data: { role } });
      await recordAudit(tx, actor, {
        action: "user.role",
        targetType: "user",
        targetId: userId,
        courseId: null,
        before: { email: user.email, role: user.role },
        after: { email: user.email, role },
      });
    }
    return requireUserView(tx, userId);
  });
}

/**
 * Disables an account with a reason: its sessions are deleted in the same transaction, so its next request is a
 * visitor's (refused wherever a sign-in is needed), and better-auth creates no new session for it (server/auth.ts).
 * Recorded in the audit log with the number of sessions ended. An admin cannot disable their own account.
 */
export async function disableUser(db: PrismaClient, actor: UserActor, userId: string, reason: string): Promise<AdminUserView> {
  if (userId === actor.userId) throw new RequestError(409, "own_account", "You cannot disable your own account.");
  return auditedTransaction(db, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, disabledAt: true, disabledReason: true } });
    if (!user) throw userNotFound();
    if (user.disabledAt) throw new RequestError(409, "already_disabled", `This account was disabled already (${user.disabledReason ?? "no reason given"}).`);
    await tx.user.update({ where: { id: userId }, data: { disabledAt: new Date(), disabledReason: reason } });
    const { count } = await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, actor, {
      action: "user.disable",
      targetType: "user",
      targetId: userId,
      courseId: null,
      before: { email: user.email, disabled: false },
      after: { email: user.email, disabled: true, reason, sessionsEnded: count },
    });
    return requireUserView(tx, userId);
  });
}

/** Enables a disabled account again (they sign in afresh), recorded in the audit log with the reason it had. */
export async function enableUser(db: PrismaClient, actor: UserActor, userId: string): Promise<AdminUserView> {
  return auditedTransaction(db, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, disabledAt: true, disabledReason: true } });
    if (!user) throw userNotFound();
    if (!user.disabledAt) throw new RequestError(409, "not_disabled", "This account is not disabled.");
    await tx.user.update({ where: { id: userId }, data: { disabledAt: null, disabledReason: null } });
    await recordAudit(tx, actor, {
      action: "user.enable",
      targetType: "user",
      targetId: userId,
      courseId: null,
      before: { email: user.email, disabled: true, reason: user.disabledReason },
      after: { email: user.email, disabled: false },
    });
    return requireUserView(tx, userId);
  });
}

function toUserView(row: UserRow): AdminUserView {
  const role = platformRoleSchema.safeParse(row.role);
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    // An unknown stored role is shown as the least privilege, as the session treats it (server/session.ts).
    role: role.success ? role.data : "learner",
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    disabled: row.disabledAt ? { at: row.disabledAt.toISOString(), reason: row.disabledReason ?? "" } : null,
    courses: row.enrollments.map((e) => ({ courseId: e.course.id, title: e.course.title, role: e.role })),
  };
}

function userNotFound(): RequestError {
  return new RequestError(404, "user_not_found", "There is no such user.");
}
