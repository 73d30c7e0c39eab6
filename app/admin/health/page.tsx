import type { Metadata } from "next";
import { AdminNav } from "@/components/admin/admin-nav";
import { RetryButton } from "@/components/admin/retry-button";
import { formatWhen } from "@/components/format/when";
import { TableScroll } from "@/components/layout/table-scroll";
import { FAILED_SHOWN, platformHealth } from "@/server/admin/health";
import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { getGrading } from "@/server/grading";
import { requireAdmin } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Platform health" };

/**
 * For admins: whether the platform works. The readiness checks, the grading queue, the grading processes alive, the
 * submissions the platform failed (each can be queued again) and the versions running.
 */
export default async function AdminHealthPage() {
  await requireAdmin("/admin/health");
  const queue = await getGrading().then((node) => node.queue, () => null);
  const health = await platformHealth(getDb(), getEnv().DATABASE_URL, queue, process.cwd());
  return (
    <div className="stack">
      <AdminNav current="/admin/health" />
      <h1>Platform health</h1>
      <dl className="figures" aria-label="Platform figures">
        <div>
          <dt>Jobs waiting</dt>
          <dd data-testid="queue-depth">{health.queue.waiting ?? "unknown"}</dd>
        </div>
        <div>
          <dt>Submissions in flight</dt>
          <dd>{health.queue.inFlight}</dd>
        </div>
        <div>
          <dt>Grading processes alive</dt>
          <dd data-testid="graders-alive">{health.graders.length}</dd>
        </div>
        <div>
          <dt>Failed submissions</dt>
          <dd data-testid="failed-total">{health.failed.total}</dd>
        </div>
        <div>
          <dt>Database</dt>
          <dd style={{ fontSize: "1rem" }}>
            {health.database.engine}
            {health.database.roundTripMs !== null ? `, ${health.database.roundTripMs} ms round trip` : ", not answering"}
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd style={{ fontSize: "1rem" }}>
            Pagewise {health.version.app} · grader {health.version.grader} · Node {health.version.node}
          </dd>
        </div>
      </dl>
      <section aria-labelledby="checks-heading">
        <h2 id="checks-heading" style={{ fontSize: "1.1rem" }}>
          Readiness
        </h2>
        <ul data-testid="readiness-checks">
          {health.checks.map((check) => (
            <li key={check.name}>
              <span className={check.ok ? "health-check-ok" : "health-check-bad"}>{check.ok ? "ok" : "failing"}</span> {check.name}: {check.detail}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="graders-heading">
        <h2 id="graders-heading" style={{ fontSize: "1.1rem" }}>
          Grading processes
        </h2>
        {health.graders.length === 0 ? (
          <p className="empty">No grading process has been seen in the last minute: submissions wait. Start npm run grader:worker, or set GRADER_WORKERS above 0.</p>
        ) : (
          <TableScroll label="Grading processes">
            <table>
              <thead>
                <tr>
                  <th scope="col">Host</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Workers</th>
                  <th scope="col">Grader</th>
                  <th scope="col">Started (UTC)</th>
                  <th scope="col">Last seen (UTC)</th>
                  <th scope="col">Graded</th>
                </tr>
              </thead>
              <tbody>
                {health.graders.map((host) => (
                  <tr key={host.id}>
                    <th scope="row" style={{ fontWeight: 400 }}>
                      {host.hostname} <span className="muted">pid {host.pid}</span>
                    </th>
                    <td>{host.kind === "web" ? "web server" : "grader:worker"}</td>
                    <td>{host.concurrency}</td>
                    <td>{host.graderVersion}</td>
                    <td>{formatWhen(host.startedAt, "UTC")}</td>
                    <td>{formatWhen(host.lastSeenAt, "UTC")}</td>
                    <td>{host.graded}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <section aria-labelledby="failed-heading">
        <h2 id="failed-heading" style={{ fontSize: "1.1rem" }}>
          Failed submissions
        </h2>
        {health.failed.total === 0 ? (
          <p className="empty">No submission has failed: every accepted one was graded.</p>
        ) : (
          <>
            <p className="muted">
              Submissions the platform could not grade (not the learner&apos;s fault: they keep the credit they were accepted with).
              {health.failed.total > FAILED_SHOWN ? ` The newest ${FAILED_SHOWN} of ${health.failed.total}.` : ""}
            </p>
            <TableScroll label="Failed submissions">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Submission</th>
                    <th scope="col">Exercise</th>
                    <th scope="col">Learner</th>
                    <th scope="col">Why</th>
                    <th scope="col">Failed (UTC)</th>
                    <th scope="col">Retry</th>
                  </tr>
                </thead>
                <tbody>
                  {health.failed.recent.map((row) => (
                    <tr key={row.id} data-testid="failed-submission">
                      <th scope="row" style={{ fontWeight: 400 }}>
                        <code>{row.id}</code>
                      </th>
                      <td>
                        <code>{row.exerciseId}</code>
                      </td>
                      <td>{row.learnerEmail}</td>
                      <td>{row.message ?? <span className="muted">no message</span>}</td>
                      <td>{row.finishedAt ? formatWhen(row.finishedAt, "UTC") : "—"}</td>
                      <td>
                        <RetryButton kind="submission" id={row.id} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
      </section>
    </div>
  );
}
