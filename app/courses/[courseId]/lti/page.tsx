import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatWhen } from "@/components/format/when";
import { TableScroll } from "@/components/layout/table-scroll";
import { LmsSetupHelp } from "@/components/lti/lms-setup-help";
import { RosterPullButton } from "@/components/lti/roster-pull-button";
import { ScoreDeliveries } from "@/components/lti/score-deliveries";
import { toolConfiguration } from "@/contract/lti";
import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { listScoreDeliveries } from "@/server/lti/ags/deliveries";
import { listBoundLmsCourses } from "@/server/lti/course-contexts";
import { requireStaff } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "LMS" };

/** How many of the newest grade deliveries the page lists. */
const DELIVERIES_SHOWN = 100;

/**
 * A course's side of its LMS (LTI 1.3), for its staff: the LMS courses bound to it (by a launch or a deep link from
 * them), whether each offers its roster, when it was last pulled, and, for instructors, "Pull roster"; then the
 * grades sent to the LMS gradebooks. A course never opened from an LMS gets the short how-to instead.
 */
export default async function CourseLmsPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const { user, role } = await requireStaff(courseId, `/courses/${courseId}/lti`);
  const db = getDb();
  const course = await db.course.findUnique({ where: { id: courseId }, select: { title: true } });
  if (!course) notFound();
  const [lmsCourses, deliveries] = await Promise.all([listBoundLmsCourses(db, courseId), listScoreDeliveries(db, { courseId, limit: DELIVERIES_SHOWN })]);
  const rosterAvailable = lmsCourses.some((lmsCourse) => lmsCourse.rosterAvailable);

  return (
    <div className="stack">
      <p className="breadcrumbs">
        <Link href="/courses">Courses</Link> / <Link href={`/courses/${courseId}`}>{course.title}</Link> /{" "}
        <Link href={`/courses/${courseId}/gradebook`}>Gradebook</Link> /
      </p>
      <h1>LMS</h1>

      <section className="stack" aria-labelledby="lms-courses">
        <h2 id="lms-courses">LMS courses linked to this course</h2>
        {lmsCourses.length === 0 ? (
          <div className="card stack" data-testid="lms-empty">
            <p style={{ margin: 0 }}>
              This course has not been opened from an LMS yet. Once Pagewise is set up in your LMS, add Pagewise content to your LMS course (its &quot;add
              content&quot; or &quot;external tool&quot; item) and open it once as the course&apos;s instructor: the LMS course then appears here, its learners
              are enrolled as they open Pagewise, and you can pull its whole roster.
            </p>
            <details>
              <summary>Setting Pagewise up in Canvas or Moodle</summary>
              <LmsSetupHelp configuration={toolConfiguration(getEnv().PUBLIC_URL)} />
            </details>
          </div>
        ) : (
          <>
            <TableScroll label="LMS courses linked to this course">
              <table data-testid="lms-courses">
                <thead>
                  <tr>
                    <th scope="col">LMS</th>
                    <th scope="col">LMS course</th>
                    <th scope="col">Roster service</th>
                    <th scope="col">Last roster pull</th>
                  </tr>
                </thead>
                <tbody>
                  {lmsCourses.map((lmsCourse) => (
                    <tr key={lmsCourse.id}>
                      <td>{lmsCourse.platformName}</td>
                      <th scope="row" style={{ fontWeight: 400 }}>
                        {lmsCourse.title}
                      </th>
                      <td>{lmsCourse.rosterAvailable ? "Available" : "Not offered by the LMS"}</td>
                      <td>
                        {lmsCourse.lastRosterPullAt ? (
                          <time dateTime={lmsCourse.lastRosterPullAt.toISOString()} suppressHydrationWarning>
                            {formatWhen(lmsCourse.lastRosterPullAt)}
                          </time>
                        ) : (
                          "Never"
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            {role === "instructor" && rosterAvailable ? (
              <div className="stack">
                <p className="muted" style={{ margin: 0 }}>
                  Pulling the roster enrolls every active member of these LMS courses with their LMS role (learner, teaching assistant or instructor), before
                  their first visit. Members the LMS marks inactive are not removed: their work stays.
                </p>
                <RosterPullButton courseId={courseId} />
              </div>
            ) : null}
            {!rosterAvailable ? (
              <p className="muted">
                None of these LMS courses offers its roster to Pagewise: ask your LMS administrator to switch on the Names and Role Provisioning service for
                the tool (Canvas: &quot;Can retrieve user data associated with the context the tool is installed in&quot;), then open Pagewise from the LMS
                course once more.
              </p>
            ) : null}
          </>
        )}
      </section>

      <section className="stack" aria-labelledby="lms-grades">
        <h2 id="lms-grades">Grades sent to the LMS</h2>
        {/* The score outbox's view (server/lti/ags): its newest deliveries for this course; admins may retry failed ones. */}
        <ScoreDeliveries rows={deliveries} showRetry={user.role === "admin"} caption={`Grades sent to LMS gradebooks for this course, newest first (at most ${DELIVERIES_SHOWN})`} />
      </section>
    </div>
  );
}
