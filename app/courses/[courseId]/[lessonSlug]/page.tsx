import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ExercisePanel } from "@/components/exercise/exercise-panel";
import { KnowledgeCheckSection } from "@/components/knowledge-check/knowledge-check-section";
import { MdxContent } from "@/components/mdx/mdx-content";
import { Workspace } from "@/components/workspace/workspace";
import { courseSchedules } from "@/server/access/schedules";
import { compileMdx } from "@/server/content/mdx";
import { findLesson } from "@/server/content/repository";
import { getDb } from "@/server/db";
import { findDraft } from "@/server/drafts";
import { gradeOf, gradesFor } from "@/server/grades";
import { listKnowledgeCheckStates } from "@/server/knowledge-checks";
import { findNeighbourLessons } from "@/server/lesson-nav";
import { findCourseAccess } from "@/server/route/page-access";
import { recordLessonVisit } from "@/server/progress/course-path";
import { listOwnSubmissions } from "@/server/submissions";
import { enrollAction } from "../actions";

export const dynamic = "force-dynamic";

type Params = Promise<{ courseId: string; lessonSlug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { courseId, lessonSlug } = await params;
  const found = await findLesson(courseId, lessonSlug);
  return { title: found?.lesson.title ?? "Lesson not found" };
}

export default async function LessonPage({ params }: { params: Params }) {
  const { courseId, lessonSlug } = await params;
  const found = await findLesson(courseId, lessonSlug);
  if (!found) notFound();
  const { lesson, courseTitle } = found;
  const db = getDb();
  const { user, role } = await findCourseAccess(courseId);
  // Opening a lesson is the first step of finishing it (docs/decisions/0150); only members have a path to record.
  if (user && role) await recordLessonVisit(db, user.id, lesson.id);
  const lessonCode = await compileMdx(lesson.source, lesson.contentHash);
  const { previous, next } = await findNeighbourLessons(db, courseId, lessonSlug);
  // Questions and options only; answers and explanations appear once the learner has answered.
  const knowledgeChecks = await listKnowledgeCheckStates(db, user && role ? user.id : null, lesson);
  const schedules = user && role && lesson.exercises.length > 0 ? await courseSchedules(db, user.id, courseId, role) : null;
  const grades = user && role && lesson.exercises.length > 0 ? await gradesFor(db, [user.id], lesson.exercises.map((e) => e.id)) : null;
  const overrideOf = (exerciseId: string) => {
    const grade = user && grades ? gradeOf(grades, user.id, exerciseId) : null;
    return grade?.override ? { ...grade.override, automatic: grade.automatic } : null;
  };

  const exercises = await Promise.all(
    lesson.exercises.map(async (exercise) => ({
      exercise,
      promptCode: await compileMdx(exercise.prompt, `${exercise.contentHash}:prompt`),
      draft: user && role ? await findDraft(db, user.id, exercise.id) : null,
      submissions: user && role ? await listOwnSubmissions(db, user.id, exercise.id) : [],
    })),
  );

  const article = (
    <article className="prose">
      <p className="breadcrumbs">
        <Link href="/courses">Courses</Link> / <Link href={`/courses/${courseId}`}>{courseTitle}</Link> /
      </p>
      {/* The lesson's MDX opens with its own # heading. */}
      <MdxContent code={lessonCode} />
      <KnowledgeCheckSection lessonId={lesson.id} checks={knowledgeChecks} canAnswer={role !== null} />
      <nav className="lesson-nav" aria-label="Lessons">
        {previous ? (
          <Link href={`/courses/${courseId}/${previous.slug}`} rel="prev">
            ← {previous.title}
            <span className="muted">{previous.moduleTitle}</span>
          </Link>
        ) : (
          <span />
        )}
        {next ? (
          <Link href={`/courses/${courseId}/${next.slug}`} rel="next" className="next">
            {next.title} →<span className="muted">{next.moduleTitle}</span>
          </Link>
        ) : (
          <span className="muted">The end of the course so far.</span>
        )}
      </nav>
    </article>
  );

  if (exercises.length === 0) return <div className="lesson-layout">{article}</div>;

  // Enrolled: the workspace, the lesson beside the editor. Otherwise the task to read, with the way in.
  if (!role) {
    return (
      <div className="lesson-layout has-exercise">
        {article}
        {exercises.map(({ exercise, promptCode }) => (
          <section key={exercise.id} className="exercise" id={`exercise-${exercise.id}`} aria-labelledby={`exercise-title-${exercise.id}`}>
            <h2 id={`exercise-title-${exercise.id}`} style={{ margin: 0 }}>
              Exercise: {exercise.title}
            </h2>
            <div className="prose">
              <MdxContent code={promptCode} headingLevelOffset={2} />
            </div>
            <div className="empty">
              <p>{user ? "Enroll in this course to solve this exercise and get it graded." : "Sign in and enroll to solve this exercise."}</p>
              <form action={enrollAction.bind(null, courseId)}>
                <button type="submit" className="button primary">
                  {user ? "Enroll" : "Sign in to enroll"}
                </button>
              </form>
            </div>
          </section>
        ))}
      </div>
    );
  }

  return (
    <Workspace
      lesson={article}
      exercises={exercises.map(({ exercise, promptCode, draft, submissions }) => ({
        id: exercise.id,
        title: exercise.title,
        panel: (
          <ExercisePanel
            exerciseId={exercise.id}
            title={exercise.title}
            task={<MdxContent code={promptCode} headingLevelOffset={2} />}
            starterCode={exercise.starter}
            initialCode={draft ?? exercise.starter}
            initialSubmissions={submissions}
            maxScore={exercise.settings.points}
            codeSizeLimitBytes={exercise.settings.limits.codeSizeBytes}
            schedule={schedules?.byExercise.get(exercise.id) ?? null}
            override={overrideOf(exercise.id)}
          />
        ),
      }))}
    />
  );
}
