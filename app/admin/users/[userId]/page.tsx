import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AdminNav } from "@/components/admin/admin-nav";
import { UserActions } from "@/components/admin/user-actions";
import { AuditEntryList } from "@/components/audit/audit-entry-list";
import { formatWhen } from "@/components/format/when";
import { userParamsSchema } from "@/contract/http/admin";
import { requireUserView } from "@/server/admin/users";
import { listAuditEntries } from "@/server/audit/query";
import { getDb } from "@/server/db";
import { RequestError } from "@/server/errors";
import { requireAdmin } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "User" };

/** For admins: one account, its courses, its role and status with the acts that change them, and its history. */
export default async function AdminUserPage({ params }: { params: Promise<{ userId: string }> }) {
  const parsed = userParamsSchema.safeParse(await params);
  const me = await requireAdmin(`/admin/users/${parsed.success ? parsed.data.userId : ""}`);
  if (!parsed.success) notFound();
  const db = getDb();
  const user = await requireUserView(db, parsed.data.userId).catch((error: unknown) => {
    if (error instanceof RequestError && error.status === 404) notFound();
    throw error;
  });
  const history = await listAuditEntries(db, { kind: "platform" }, { target: user.id }, 20);
  return (
    <div className="stack">
      <AdminNav current="/admin/users" />
      <p className="breadcrumbs">
        <Link href="/admin/users">Users</Link> /
      </p>
      <h1>
        {user.name} <span className="muted">{user.email}</span>
      </h1>
      <dl className="figures">
        <div>
          <dt>Platform role</dt>
          <dd>{user.role}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{user.disabled ? <span className="user-disabled">disabled</span> : "enabled"}</dd>
        </div>
        <div>
          <dt>Last sign-in (UTC)</dt>
          <dd style={{ fontSize: "1rem" }}>{user.lastSignInAt ? formatWhen(user.lastSignInAt, "UTC") : "never"}</dd>
        </div>
        <div>
          <dt>Account created (UTC)</dt>
          <dd style={{ fontSize: "1rem" }}>{formatWhen(user.createdAt, "UTC")}</dd>
        </div>
      </dl>
      {user.disabled ? (
        <p className="alert warn">
          Disabled {formatWhen(user.disabled.at, "UTC")} UTC: <q>{user.disabled.reason}</q>
        </p>
      ) : null}
      <section className="card stack" aria-labelledby="acts-heading">
        <h2 id="acts-heading" style={{ fontSize: "1.1rem", margin: 0 }}>
          Role and access
        </h2>
        <UserActions user={user} isSelf={user.id === me.id} />
      </section>
      <section aria-labelledby="courses-heading">
        <h2 id="courses-heading" style={{ fontSize: "1.1rem" }}>
          Courses
        </h2>
        {user.courses.length === 0 ? (
          <p className="empty">Not enrolled in any course. Staff roles are given on the Courses page.</p>
        ) : (
          <ul>
            {user.courses.map((course) => (
              <li key={course.courseId}>
                <Link href={`/courses/${course.courseId}`}>{course.title}</Link>: {course.role === "ta" ? "teaching assistant" : course.role}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading" style={{ fontSize: "1.1rem" }}>
          History
        </h2>
        <AuditEntryList entries={history.entries} empty="No privileged act has touched this account yet." />
        <p>
          <Link href={`/admin/audit?target=${encodeURIComponent(user.id)}`}>Everything about this account in the audit log</Link>
        </p>
      </section>
    </div>
  );
}
