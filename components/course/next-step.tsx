import Link from "next/link";
import type { NextStep as NextStepView } from "../../contract/course-path";
import "./course-path.css";

/**
 * The learner's way back into a course: "Start the course" at its first lesson, "Continue where you left off" at the
 * first lesson not done, or word that every lesson is done (docs/decisions/0150). Nothing for a course without lessons.
 */
export function NextStep({
  courseId,
  next,
  lessonCount,
}: {
  courseId: string;
  next: NextStepView;
  lessonCount: number;
}) {
  if (lessonCount === 0) return null;
  if (next.kind === "finished") {
    return (
      <p className="course-path-finished">
        <span aria-hidden="true">✓ </span>You have finished every lesson.
      </p>
    );
  }
  const href = `/courses/${courseId}/${next.lesson.slug}`;
  return (
    <div className="course-path-next">
      <Link href={href} className="button primary course-path-next-button">
        {next.kind === "start" ? "Start the course" : `Continue where you left off: ${next.lesson.title}`}
      </Link>
      <span className="muted course-path-next-where">
        {next.kind === "start"
          ? `First lesson: ${next.lesson.title}, in ${next.lesson.moduleTitle}`
          : next.lesson.moduleTitle}
      </span>
    </div>
  );
}
