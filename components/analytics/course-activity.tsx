import type { ActiveLearnersDay, KnowledgeCheckFirstTry } from "../../contract/analytics";
import { BarChart } from "../charts/bar-chart";
import { TimeSeriesChart } from "../charts/time-series-chart";
import { formatShare, sharePercent } from "../format/duration";

const DAY_MS = 86_400_000;

/** Knowledge checks answered right at the first try, and learners active per day over the last 30 days. */
export function CourseActivity({ knowledgeChecks, totals, activity }: { knowledgeChecks: KnowledgeCheckFirstTry[]; totals: { answered: number; firstTry: number; firstTryShare: number }; activity: ActiveLearnersDay[] }) {
  const answered = knowledgeChecks.filter((check) => check.answered > 0);
  return (
    <>
      <section className="card" aria-label="Knowledge checks">
        <BarChart
          id="knowledge-check-first-try"
          title="Knowledge checks right at the first try"
          subtitle={`Of the learners who answered each check · ${totals.firstTry} of ${totals.answered} answers (${formatShare(totals.firstTryShare)}) in all`}
          headingLevel={2}
          bars={answered.map((check) => ({ label: `${check.lessonTitle}: ${check.checkId}`, value: sharePercent(check.firstTryShare) }))}
          categoryLabel="knowledge check"
          valueLabel="right at the first try (% of those who answered)"
          valueSuffix="%"
          maxValue={100}
          width={640}
          emptyText="No knowledge check has been answered yet."
        />
      </section>
      <section className="card" aria-label="Activity">
        <TimeSeriesChart
          id="active-learners"
          title="Active learners per day"
          subtitle="Learners who submitted, opened a lesson or answered a knowledge check (a lower bound: see the note below)"
          headingLevel={2}
          mark="line"
          bins={activity.map((day) => {
            const start = new Date(`${day.day}T00:00:00.000Z`);
            return { start, end: new Date(start.getTime() + DAY_MS), value: day.learners };
          })}
          xLabel="day"
          yLabel="active learners"
          emptyText="No learner has been active in the last 30 days."
        />
        <p className="muted" style={{ marginBottom: 0 }}>
          A lesson visit and a knowledge check keep only their first and latest times, so a learner who only reread a lesson on a day in between is not counted that day.
        </p>
      </section>
    </>
  );
}
