import type { PathProgress } from "../../contract/course-path";
import "./course-path.css";

/** A course's progress in words: lessons done and exercises at full marks (the progress bar counts the points). */
export function PathSummary({ progress }: { progress: PathProgress }) {
  const { lessonsDone, lessons, exercisesDone, exercises } = progress;
  return (
    <p className="muted course-path-summary">
      {lessonsDone} of {lessons} lesson{lessons === 1 ? "" : "s"} done
      {exercises > 0 ? ` · ${exercisesDone} of ${exercises} exercise${exercises === 1 ? "" : "s"} at full marks` : ""}
    </p>
  );
}
