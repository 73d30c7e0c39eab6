import type { SubmissionTimeline } from "../../contract/analytics";
import { TimeSeriesChart } from "../charts/time-series-chart";
import { formatWhen } from "../format/when";

/** Submissions over time against the deadline, and who submitted in its last hour. */
export function SubmissionTimelineSection({ timeline }: { timeline: SubmissionTimeline }) {
  const outside = timeline.before + timeline.after;
  return (
    <section className="stack" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Submissions over time</h2>
      <TimeSeriesChart
        id="submission-timeline"
        title={timeline.deadline ? "Submissions around the deadline" : "Submissions per day"}
        subtitle={
          timeline.deadline
            ? `Per hour, 48 hours either side of the deadline (${formatWhen(timeline.deadline, "UTC")} UTC)`
            : "Per UTC day: this exercise has no deadline"
        }
        headingLevel={3}
        bins={timeline.bins.map((bin) => ({ start: new Date(bin.start), end: new Date(bin.end), value: bin.count }))}
        yLabel="submissions"
        markers={[
          ...(timeline.deadline ? [{ at: new Date(timeline.deadline), label: "deadline" }] : []),
          ...(timeline.finalClose && timeline.finalClose !== timeline.deadline && timeline.binning === "hour" && inBins(timeline, timeline.finalClose) ? [{ at: new Date(timeline.finalClose), label: "closes" }] : []),
        ]}
        emptyText="No submission yet."
      />
      {outside > 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          Not in the chart: {timeline.before} submission{timeline.before === 1 ? "" : "s"} earlier and {timeline.after} later.
        </p>
      ) : null}
      {timeline.lastHour ? (
        <div data-testid="last-hour">
          <h3>In the last hour before the deadline</h3>
          {timeline.lastHour.submissions === 0 ? (
            <p className="muted">Nobody submitted in the last hour.</p>
          ) : (
            <p>
              {timeline.lastHour.submissions} submission{timeline.lastHour.submissions === 1 ? "" : "s"} by {timeline.lastHour.learners.length} learner
              {timeline.lastHour.learners.length === 1 ? "" : "s"}: {timeline.lastHour.learners.map((learner) => learner.name).join(", ")}.
            </p>
          )}
        </div>
      ) : null}
    </section>
  );
}

function inBins(timeline: SubmissionTimeline, instant: string): boolean {
  const first = timeline.bins[0];
  const last = timeline.bins.at(-1);
  const at = Date.parse(instant);
  return first !== undefined && last !== undefined && at >= Date.parse(first.start) && at <= Date.parse(last.end);
}
