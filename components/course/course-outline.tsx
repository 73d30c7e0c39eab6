import Link from "next/link";
import type { ScheduleView } from "../../contract/access";
import type { CoursePath, ExerciseOnPath, LessonOnPath, ModuleOnPath } from "../../contract/course-path";
import { AccessStatus } from "../access/access-status";
import { formatPoints } from "../format/points";
import { ProgressBar } from "../layout/progress-bar";
import { DoneMark } from "./done-mark";
import "./course-path.css";

interface OutlineProps {
  courseId: string;
  path: CoursePath;
  /** A learner sees their own record (marks, scores, counts, progress per module); staff and visitors the outline. */
  showProgress: boolean;
  /** Each exercise's access window for this member, by exercise id (staff are told they are exempt); null for visitors. */
  schedules: ReadonlyMap<string, ScheduleView> | null;
}

/** The course's modules in order, each with its lessons and their exercises, every name a link into the lesson. */
export function CourseOutline({ courseId, path, showProgress, schedules }: OutlineProps) {
  if (path.modules.length === 0) return <p className="empty">This course has no lessons yet.</p>;
  return (
    <ol className="course-path-modules">
      {path.modules.map((module) => (
        <li key={module.id} className="card course-path-module">
          <ModuleHeader module={module} showProgress={showProgress} />
          <ol className="course-path-lessons">
            {module.lessons.map((lesson) => (
              <LessonItem
                key={lesson.id}
                courseId={courseId}
                lesson={lesson}
                showProgress={showProgress}
                schedules={schedules}
              />
            ))}
          </ol>
        </li>
      ))}
    </ol>
  );
}

function ModuleHeader({ module, showProgress }: { module: ModuleOnPath; showProgress: boolean }) {
  const { lessonsDone, lessons, exercisesDone, exercises, earned, possible } = module.progress;
  return (
    <div className="course-path-module-header">
      <h2>
        Module {module.position}. {module.title}
      </h2>
      {showProgress ? (
        <div className="course-path-module-progress">
          <p>
            {lessonsDone} of {plural(lessons, "lesson")} done
            {exercises > 0 ? ` · ${exercisesDone} of ${plural(exercises, "exercise")} at full marks` : ""}
          </p>
          <ProgressBar value={earned} max={possible} label={`Points in module ${module.position}, ${module.title}`} />
        </div>
      ) : null}
    </div>
  );
}

function LessonItem({
  courseId,
  lesson,
  showProgress,
  schedules,
}: {
  courseId: string;
  lesson: LessonOnPath;
  showProgress: boolean;
  schedules: OutlineProps["schedules"];
}) {
  const href = `/courses/${courseId}/${lesson.slug}`;
  const checks = lesson.knowledgeChecks;
  return (
    <li className="course-path-lesson">
      <div className="course-path-line">
        {showProgress ? <DoneMark state={lesson.done ? "done" : lesson.visited ? "started" : "not-started"} /> : null}
        <span>
          <Link href={href} className="course-path-lesson-link">
            {lesson.title}
          </Link>
          <span className="muted"> — {lesson.summary}</span>
          {checks.total > 0 ? (
            <span className="muted course-path-checks">
              {" "}
              {showProgress
                ? `(${checks.answeredCorrectly} of ${plural(checks.total, "knowledge check")} answered correctly)`
                : `(${plural(checks.total, "knowledge check")})`}
            </span>
          ) : null}
        </span>
      </div>
      {lesson.exercises.length > 0 ? (
        <ul className="course-path-exercises">
          {lesson.exercises.map((exercise) => (
            <ExerciseItem
              key={exercise.id}
              href={href}
              exercise={exercise}
              showProgress={showProgress}
              schedule={schedules?.get(exercise.id) ?? null}
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function ExerciseItem({
  href,
  exercise,
  showProgress,
  schedule,
}: {
  href: string;
  exercise: ExerciseOnPath;
  showProgress: boolean;
  schedule: ScheduleView | null;
}) {
  return (
    <li className="course-path-line">
      {showProgress ? (
        <DoneMark state={exercise.done ? "done" : exercise.score !== null ? "started" : "not-started"} />
      ) : null}
      <span>
        <Link href={`${href}#exercise-${exercise.id}`}>Exercise: {exercise.title}</Link>{" "}
        <span className="muted">
          ({showProgress && exercise.score !== null ? `${formatPoints(exercise.score)} / ` : ""}
          {plural(exercise.maxScore, "point")})
        </span>{" "}
        <code className="course-path-exercise-id">{exercise.id}</code> <AccessStatus schedule={schedule} compact />
      </span>
    </li>
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
