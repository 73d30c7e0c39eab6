import type { AuditEntryView } from "@/contract/http/audit";
import { actionLabel, actorName } from "./audit-log";

/**
 * A few audit entries as one line each (when, what, in which course, by whom): the admin console's latest acts and
 * a user's history. The full log, with what changed, is AuditLog.
 */
export function AuditEntryList({ entries, empty }: { entries: AuditEntryView[]; empty: string }) {
  if (entries.length === 0) return <p className="empty">{empty}</p>;
  return (
    <ol className="stack" style={{ gap: "0.25rem" }} data-testid="audit-entry-list">
      {entries.map((entry) => (
        <li key={entry.id}>
          <time dateTime={entry.at}>{entry.at.slice(0, 16).replace("T", " ")}</time> UTC: {actionLabel(entry.action)}
          {entry.courseId ? (
            <>
              {" "}
              in <code>{entry.courseId}</code>
            </>
          ) : null}{" "}
          by {actorName(entry)}
        </li>
      ))}
    </ol>
  );
}
