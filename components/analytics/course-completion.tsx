import Link from "next/link";
import type { ExerciseCompletion, ModuleCompletion } from "../../contract/analytics";
import "./analytics.css";
import { BarChart } from "../charts/bar-chart";
import { formatShare, sharePercent } from "../format/duration";
import { TableScroll } from "../layout/table-scroll";

/** Completion per module and per exercise (each exercise linked to its own analytics), as bars and as a table. */
export function CourseCompletion({ courseId, learners, modules, exercises }: { courseId: string; learners: number; modules: ModuleCompletion[]; exercises: ExerciseCompletion[] }) {
  const withExercises = modules.filter((module) => module.completedShare !== null);
  const noLearners = "No learner is enrolled yet: completion appears once learners join.";
  return (
    <section className="stack" aria-labelledby="completion-heading">
      <h2 id="completion-heading">Completion</h2>
      <div className="grid analytics-pair">
        <div className="card">
          <BarChart
            id="module-completion"
            title="Modules completed"
            subtitle="Learners with full marks on every exercise of the module"
            headingLevel={3}
            bars={learners === 0 ? [] : withExercises.map((module) => ({ label: module.title, value: sharePercent(module.completedShare ?? 0) }))}
            categoryLabel="module"
            valueLabel="completed (% of learners)"
            valueSuffix="%"
            maxValue={100}
            emptyText={noLearners}
          />
        </div>
        <div className="card">
          <BarChart
            id="exercise-completion"
            title="Exercises completed"
            subtitle="Learners whose grade reaches the maximum"
            headingLevel={3}
            bars={learners === 0 ? [] : exercises.map((exercise) => ({ label: exercise.id, value: sharePercent(exercise.completedShare) }))}
            categoryLabel="exercise"
            valueLabel="completed (% of learners)"
            valueSuffix="%"
            maxValue={100}
            emptyText={noLearners}
          />
        </div>
      </div>
      <TableScroll label="Exercises">
        <table>
          <thead>
            <tr>
              <th scope="col">Exercise</th>
              <th scope="col">Started</th>
              <th scope="col">Completed</th>
              <th scope="col">Analytics</th>
            </tr>
          </thead>
          <tbody>
            {exercises.map((exercise) => (
              <tr key={exercise.id} data-testid="exercise-completion-row">
                <th scope="row" style={{ fontWeight: 400 }}>
                  <code>{exercise.id}</code> {exercise.title}
                </th>
                <td>
                  {exercise.started} of {learners}
                </td>
                <td>
                  {exercise.completed} of {learners} ({formatShare(exercise.completedShare)})
                </td>
                <td>
                  <Link href={`/courses/${courseId}/exercises/${exercise.id}/analytics`}>Analytics of {exercise.id}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
