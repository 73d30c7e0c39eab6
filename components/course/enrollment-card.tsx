import Link from "next/link";
import type { CoursePath } from "../../contract/course-path";
import { ProgressBar } from "../layout/progress-bar";
import { NextStep } from "./next-step";
import { PathSummary } from "./path-summary";
import "./course-path.css";

interface EnrollmentCardProps {
  courseId: string;
  role: "learner" | "ta" | "instructor";
  path: CoursePath;
  /** The learner's grace days (null when the course has none, and for staff). */
  grace: { budget: number; left: number } | null;
}

/**
 * What a member sees above the course outline: that they are enrolled, their points, and the way on: a learner's
 * lessons done and Start/Continue, an instructor's gradebook and extensions (staff have no path to continue).
 */
export function EnrollmentCard({ courseId, role, path, grace }: EnrollmentCardProps) {
  return (
    <div className="card stack course-path-enrollment">
      <p>You are enrolled{role === "instructor" ? " as an instructor" : role === "ta" ? " as a teaching assistant" : ""}.</p>
      {role === "learner" ? (
        <NextStep courseId={courseId} next={path.next} lessonCount={path.progress.lessons} />
      ) : null}
      <ProgressBar value={path.progress.earned} max={path.progress.possible} label="Your progress in this course" />
      {role === "learner" ? <PathSummary progress={path.progress} /> : null}
      {grace ? (
        <p data-testid="grace-days">
          Grace days: <strong>{grace.left}</strong> of {grace.budget} left. A late submission uses them automatically
          for full credit, one per day late.
        </p>
      ) : null}
      {role !== "learner" ? (
        <p>
          <Link href={`/courses/${courseId}/gradebook`}>Open the gradebook</Link> ·{" "}
          <Link href={`/courses/${courseId}/analytics`}>Analytics</Link>
          {role === "instructor" ? (
            <>
              {" "}
              · <Link href={`/courses/${courseId}/extensions`}>Extensions</Link>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
