import Link from "next/link";
import type { EnrolledCourse } from "../../contract/course-path";
import { ProgressBar } from "../layout/progress-bar";
import { NextStep } from "./next-step";
import { PathSummary } from "./path-summary";
import "./course-path.css";

/**
 * The signed-in user's courses on the home page, each with the way back in: a learner's progress and Start/Continue,
 * an instructor's gradebook. The page's first heading: the home page puts it above the introduction.
 */
export function YourCourses({ courses }: { courses: EnrolledCourse[] }) {
  return (
    <section className="stack" aria-labelledby="your-courses">
      <h1 id="your-courses">Your courses</h1>
      <ul className="course-path-courses">
        {courses.map((course) => (
          <li key={course.courseId} className="card stack">
            <h2>
              <Link href={`/courses/${course.courseId}`}>{course.title}</Link>
            </h2>
            {course.role === "learner" ? (
              <>
                <ProgressBar
                  value={course.path.progress.earned}
                  max={course.path.progress.possible}
                  label={`Your progress in ${course.title}`}
                />
                <PathSummary progress={course.path.progress} />
                <NextStep
                  courseId={course.courseId}
                  next={course.path.next}
                  lessonCount={course.path.progress.lessons}
                />
              </>
            ) : (
              <p className="course-path-summary">
                {course.role === "ta" ? "You assist in this course." : "You teach this course."} <Link href={`/courses/${course.courseId}/gradebook`}>Open the gradebook</Link>
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
