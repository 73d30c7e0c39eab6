import type { Metadata } from "next";
import Link from "next/link";
import { AdminNav } from "@/components/admin/admin-nav";
import { formatWhen } from "@/components/format/when";
import { TableScroll } from "@/components/layout/table-scroll";
import { userSearchSchema, type UserSearch } from "@/contract/http/admin";
import { searchUsers } from "@/server/admin/users";
import { getDb } from "@/server/db";
import { requireAdmin } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** For admins: every account, searchable by name, email or id, filtered by role and status, a page at a time. */
export default async function AdminUsersPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin("/admin/users");
  // A search that does not parse (a hand-edited URL) lists everyone rather than an error page.
  const parsed = userSearchSchema.safeParse(await searchParams);
  const search: UserSearch = parsed.success ? parsed.data : {};
  const { users, total, page, pageCount } = await searchUsers(getDb(), search);
  const pageLink = (to: number) => `/admin/users?${new URLSearchParams({ ...(search.q ? { q: search.q } : {}), ...(search.role ? { role: search.role } : {}), ...(search.status ? { status: search.status } : {}), page: String(to) }).toString()}`;
  return (
    <div className="stack">
      <AdminNav current="/admin/users" />
      <h1>Users</h1>
      <form className="row" method="get" aria-label="Search users" role="search">
        <label style={{ flex: "1 1 16rem" }}>
          Name, email or id
          <input name="q" type="search" defaultValue={search.q ?? ""} maxLength={200} style={{ width: "100%" }} />
        </label>
        <label>
          Role{" "}
          <select name="role" defaultValue={search.role ?? ""}>
            <option value="">Any</option>
            <option value="learner">Learner</option>
            <option value="instructor">Instructor</option>
            <option value="admin">Admin</option>
          </select>
        </label>
        <label>
          Status{" "}
          <select name="status" defaultValue={search.status ?? ""}>
            <option value="">Any</option>
            <option value="enabled">Enabled</option>
            <option value="disabled">Disabled</option>
          </select>
        </label>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      <p className="muted" data-testid="user-count">
        {total} user{total === 1 ? "" : "s"} match{total === 1 ? "es" : ""}
        {pageCount > 1 ? ` · page ${page} of ${pageCount}` : ""}.
      </p>
      {users.length === 0 ? (
        <p className="empty">No account matches this search. Try part of a name or an email address.</p>
      ) : (
        <TableScroll label="Users">
          <table>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Courses</th>
                <th scope="col">Last sign-in (UTC)</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id} data-testid="user-row">
                  <th scope="row" style={{ fontWeight: 400 }}>
                    <Link href={`/admin/users/${user.id}`}>{user.name}</Link> <span className="muted">{user.email}</span>
                  </th>
                  <td>{user.role}</td>
                  <td>{user.courses.length === 0 ? <span className="muted">none</span> : user.courses.map((c) => `${c.title} (${c.role === "ta" ? "teaching assistant" : c.role})`).join(", ")}</td>
                  <td>{user.lastSignInAt ? formatWhen(user.lastSignInAt, "UTC") : <span className="muted">never</span>}</td>
                  <td>{user.disabled ? <span className="user-disabled">disabled</span> : "enabled"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {pageCount > 1 ? (
        <p className="row">
          {page > 1 ? <Link href={pageLink(page - 1)}>Previous page</Link> : null}
          {page < pageCount ? <Link href={pageLink(page + 1)}>Next page</Link> : null}
        </p>
      ) : null}
    </div>
  );
}
