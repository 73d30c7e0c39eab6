import type { Metadata } from "next";
import Link from "next/link";
import { AdminNav } from "@/components/admin/admin-nav";
import { AuditEntryList } from "@/components/audit/audit-entry-list";
import { platformOverview } from "@/server/admin/overview";
import { getDb } from "@/server/db";
import { requireAdmin } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Admin" };

/** For admins: the console's front page: the platform in figures, what needs attention, and the latest acts. */
export default async function AdminPage() {
  await requireAdmin("/admin");
  const overview = await platformOverview(getDb());
  return (
    <div className="stack">
      <AdminNav current="/admin" />
      <h1>Admin console</h1>
      <dl className="figures" aria-label="The platform in figures">
        <div>
          <dt>
            <Link href="/admin/users">Users</Link>
          </dt>
          <dd>{overview.users}</dd>
        </div>
        <div>
          <dt>
            <Link href="/admin/users?status=disabled">Disabled</Link>
          </dt>
          <dd>{overview.disabled}</dd>
        </div>
        <div>
          <dt>
            <Link href="/admin/courses">Courses</Link>
          </dt>
          <dd>{overview.courses}</dd>
        </div>
        <div>
          <dt>
            <Link href="/admin/health">Grading processes alive</Link>
          </dt>
          <dd>{overview.gradersAlive}</dd>
        </div>
        <div>
          <dt>
            <Link href="/admin/health">Failed submissions</Link>
          </dt>
          <dd>{overview.failed}</dd>
        </div>
        <div>
          <dt>Signed in, last 24 h</dt>
          <dd>{overview.signedInToday}</dd>
        </div>
      </dl>
      {overview.gradersAlive === 0 ? (
        <p className="alert error" role="alert">
          No grading process has been seen in the last minute: submissions wait. See <Link href="/admin/health">Health</Link>.
        </p>
      ) : null}
      {overview.failed > 0 ? (
        <p className="alert warn">
          {overview.failed} submission{overview.failed === 1 ? "" : "s"} failed on the platform&apos;s side. <Link href="/admin/health">Retry them</Link>.
        </p>
      ) : null}
      <section aria-labelledby="latest-heading">
        <h2 id="latest-heading" style={{ fontSize: "1.1rem" }}>
          Latest acts
        </h2>
        <AuditEntryList entries={overview.latest} empty="Nothing recorded yet." />
        <p>
          <Link href="/admin/audit">The whole audit log</Link>
        </p>
      </section>
    </div>
  );
}
