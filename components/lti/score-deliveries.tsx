import { formatWhen } from "@/components/format/when";
import { TableScroll } from "@/components/layout/table-scroll";
import { SCORE_DELIVERY_STATE_LABELS, type ScoreDeliveryState, type ScoreDeliveryView } from "@/contract/lti-deliveries";
import { RetryButton } from "../admin/retry-button";

interface ScoreDeliveriesProps {
  rows: ScoreDeliveryView[];
  /** Admins retry failed deliveries; a course's staff only read them. */
  showRetry: boolean;
  /** What the table is, for its caption (say when it shows only some rows: "The newest 50 ..."). */
  caption?: string;
}

// The palette's submission states, reused: delivered reads as done, waiting as in progress, failed as failed.
const PILL_CLASS: Record<ScoreDeliveryState, string> = { delivered: "graded", pending: "queued", failed: "failed", superseded: "" };

/**
 * Grades sent (or on their way) to LMS gradebooks, newest first: who, what, the grade, where it stands, and the
 * LMS's last answer when it did not take it. Server-rendered; only the Retry buttons are scripts.
 */
export function ScoreDeliveries({ rows, showRetry, caption = "Grades sent to LMS gradebooks, newest first" }: ScoreDeliveriesProps) {
  if (rows.length === 0) {
    return (
      <p className="empty" data-testid="score-deliveries-empty">
        No grades have been sent to an LMS yet: when a learner who opened an exercise from their LMS is graded (or their
        grade is changed by hand or by a regrade), the grade is sent to the LMS gradebook and listed here.
      </p>
    );
  }
  return (
    <TableScroll label="LMS grade deliveries">
      <table data-testid="score-deliveries">
        <caption className="muted" style={{ textAlign: "left" }}>
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">Learner</th>
            <th scope="col">Exercise</th>
            <th scope="col">LMS</th>
            <th scope="col">Grade</th>
            <th scope="col">State</th>
            <th scope="col">Tries</th>
            <th scope="col">LMS answer</th>
            <th scope="col">Graded (UTC)</th>
            <th scope="col">Sent / next try (UTC)</th>
            {showRetry ? <th scope="col">Retry</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid="score-delivery" data-state={row.state}>
              <th scope="row" style={{ fontWeight: 400 }}>
                {row.learner.name}
                {row.learner.email ? (
                  <>
                    <br />
                    <span className="muted">{row.learner.email}</span>
                  </>
                ) : null}
              </th>
              <td>{row.exercise.title}</td>
              <td>{row.platformName}</td>
              <td>
                {formatPoints(row.scoreGiven)} / {formatPoints(row.scoreMaximum)}
              </td>
              <td>
                <span className={`status-pill ${PILL_CLASS[row.state]}`}>{SCORE_DELIVERY_STATE_LABELS[row.state]}</span>
              </td>
              <td>{row.attempts}</td>
              <td>
                <LmsAnswer row={row} />
              </td>
              <td>
                <time dateTime={row.producedAt}>{formatWhen(row.producedAt, "UTC")}</time>
              </td>
              <td>
                <NextStep row={row} />
              </td>
              {showRetry ? <td>{row.state === "failed" ? <RetryButton kind="lti-score" id={row.id} label={`Retry sending ${row.learner.name}'s grade on ${row.exercise.title}`} /> : null}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The LMS's last answer: its status and, when it refused, why; "no answer" for a timeout or a refused connection. */
function LmsAnswer({ row }: { row: ScoreDeliveryView }) {
  if (row.lastStatus === null && row.lastError === null) return <span className="muted">not sent yet</span>;
  const status = row.lastStatus === null ? null : row.lastStatus === 0 ? "no answer" : `HTTP ${row.lastStatus}`;
  return (
    <>
      {status}
      {row.lastError ? (
        <>
          {status ? <br /> : null}
          <span className="muted" style={{ overflowWrap: "anywhere" }}>
            {row.lastError}
          </span>
        </>
      ) : null}
    </>
  );
}

/** When it was delivered, or when it is tried next; nothing more is planned for a failed or replaced one. */
function NextStep({ row }: { row: ScoreDeliveryView }) {
  if (row.state === "delivered" && row.deliveredAt) return <time dateTime={row.deliveredAt}>{formatWhen(row.deliveredAt, "UTC")}</time>;
  if (row.state === "pending") {
    return (
      <>
        next try <time dateTime={row.nextAttemptAt}>{formatWhen(row.nextAttemptAt, "UTC")}</time>
      </>
    );
  }
  return <span className="muted">—</span>;
}

/** Points with at most two decimals (grades may be fractional: late credit). */
function formatPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : points.toFixed(2).replace(/0+$/, "");
}
