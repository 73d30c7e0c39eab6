import type { AttemptsToFullMarks, ScoreDistribution } from "../../contract/analytics";
import { Histogram } from "../charts/histogram";
import { tenthsOfMax } from "../charts/score-bins";

/** Learners' grades in tenths of the maximum, and how many submissions a first full marks took. */
export function AttemptsAndScores({ scores, attempts }: { scores: ScoreDistribution; attempts: AttemptsToFullMarks }) {
  return (
    <section className="grid analytics-pair" aria-label="Grades and attempts">
      <div className="card">
        <Histogram
          id="score-distribution"
          title="Grades"
          subtitle={`Final grades (overrides applied) · ${scores.fullMarks} with full marks · ${scores.ungraded} without a grade`}
          headingLevel={2}
          {...tenthsOfMax(scores.histogram)}
          xLabel="grade (% of max)"
          yLabel="learners"
          emptyText="No learner has a grade on this exercise yet."
        />
      </div>
      <div className="card">
        <Histogram
          id="attempts-to-full-marks"
          title="Attempts to full marks"
          subtitle={
            attempts.median === null
              ? "Nobody has full marks yet"
              : `Submissions up to the first with every check passed · median ${attempts.median} · ${attempts.learners} learner${attempts.learners === 1 ? "" : "s"}`
          }
          headingLevel={2}
          bins={attempts.distribution.map((count, index) => ({ label: index === 9 ? "10 or more" : String(index + 1), count }))}
          xLabel="submissions"
          yLabel="learners"
          emptyText="Nobody has reached full marks yet."
        />
      </div>
    </section>
  );
}
