import Link from "next/link";
import { TableScroll } from "@/components/layout/table-scroll";
import { AUDIT_ACTION_LABELS, auditActionSchema, type AuditEntryView, type AuditFilter } from "@/contract/http/audit";

interface AuditLogProps {
  /** The page's own path (/admin/audit or /courses/:id/audit): the filter form and the page links go there. */
  path: string;
  /** The CSV export's path (the page's path + .csv). */
  exportPath: string;
  filter: AuditFilter;
  entries: AuditEntryView[];
  nextBefore: string | null;
  /** Admins filter by course and see each entry's course; a course's log is that course's. */
  showCourse: boolean;
}

/**
 * An audit log, newest first: filters (action, who, target, course, days), the matching entries with what changed,
 * older pages, and the CSV export of everything the filters match. Server-rendered: a plain GET form, no script.
 */
export function AuditLog({ path, exportPath, filter, entries, nextBefore, showCourse }: AuditLogProps) {
  const { before, ...filters } = filter;
  const query = (extra: Record<string, string> = {}) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...filters, ...extra })) if (typeof value === "string" && value !== "") params.set(key, value);
    const text = params.toString();
    return text === "" ? "" : `?${text}`;
  };
  const filtered = Object.values(filters).some((value) => value !== undefined);
  return (
    <>
      <form className="row gradebook-filters" method="get" action={path} aria-label="Filter the audit log">
        <label>
          What{" "}
          <select name="action" defaultValue={filter.action ?? ""}>
            <option value="">Every act</option>
            {auditActionSchema.options.map((action) => (
              <option key={action} value={action}>
                {AUDIT_ACTION_LABELS[action]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Who <input name="actor" type="search" defaultValue={filter.actor ?? ""} placeholder="email, command or user id" size={22} />
        </label>
        <label>
          Target <input name="target" type="search" defaultValue={filter.target ?? ""} placeholder="id, or part of it" size={18} />
        </label>
        {showCourse ? (
          <label>
            Course <input name="course" type="search" defaultValue={filter.course ?? ""} placeholder="course id" size={14} />
          </label>
        ) : null}
        <label>
          From <input name="from" type="date" defaultValue={filter.from ?? ""} />
        </label>
        <label>
          To <input name="to" type="date" defaultValue={filter.to ?? ""} />
        </label>
        <button type="submit" className="button">
          Apply
        </button>
        {filtered ? <Link href={path}>Clear the filters</Link> : null}
        <span className="muted">
          Download{" "}
          <a href={`${exportPath}${query()}`} download data-testid="audit-export">
            every matching entry as CSV
          </a>
          .
        </span>
      </form>
      {entries.length === 0 ? (
        <p className="empty" data-testid="audit-empty">
          {filtered || before
            ? "No entry matches these filters."
            : "Nothing has been recorded yet. Extensions, grades set by hand, regrades, content changes and new admins appear here as they happen."}
        </p>
      ) : (
        <TableScroll label="Audit log entries">
          <table className="audit-table" data-testid="audit-log">
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Target</th>
                {showCourse ? <th scope="col">Course</th> : null}
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-testid="audit-entry" data-action={entry.action}>
                  <td className="audit-when">
                    <time dateTime={entry.at}>{entry.at.slice(0, 19).replace("T", " ")}</time>
                  </td>
                  <td>
                    {actorName(entry)}
                    <br />
                    <span className="muted">{actorDetail(entry)}</span>
                  </td>
                  <th scope="row" style={{ fontWeight: 400 }}>
                    {actionLabel(entry.action)}
                  </th>
                  <td className="audit-target">
                    <span className="muted">{entry.targetType}</span> <code>{entry.targetId}</code>
                  </td>
                  {showCourse ? <td>{entry.courseId ? <code>{entry.courseId}</code> : <span className="muted">platform</span>}</td> : null}
                  <td className="audit-state">
                    <ChangeValue json={entry.before} />
                  </td>
                  <td className="audit-state">
                    <ChangeValue json={entry.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <p className="row" style={{ gap: "1rem" }}>
        {before ? <Link href={`${path}${query()}`}>Newest entries</Link> : null}
        {nextBefore ? (
          <Link href={`${path}${query({ before: nextBefore })}`} data-testid="audit-older">
            Older entries
          </Link>
        ) : null}
      </p>
    </>
  );
}

/** The action's plain words; a name this version does not know (a newer server's) as it is. */
export function actionLabel(action: string): string {
  const known = auditActionSchema.safeParse(action);
  return known.success ? AUDIT_ACTION_LABELS[known.data] : action;
}

/** A recorded state: its fields one per line ("none" where there was no state: a creation or a deletion). */
function ChangeValue({ json }: { json: string | null }) {
  if (json === null) return <span className="muted">none</span>;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return <code>{json}</code>;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return <code>{JSON.stringify(value)}</code>;
  return (
    <dl className="audit-change">
      {Object.entries(value).map(([key, field]) => (
        <div key={key}>
          <dt>{key}</dt> <dd>{field === null ? <span className="muted">none</span> : typeof field === "string" ? field : JSON.stringify(field)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Who acted, as the log names them: their email or command when recorded, else what kind of actor. */
export function actorName(entry: Pick<AuditEntryView, "actorLabel" | "actorKind">): string {
  return entry.actorLabel ?? (entry.actorKind === "visitor" ? "someone not signed in" : "the platform");
}

/** Under the actor: where a request came from, or that an operator's command or the platform's start-up acted. */
function actorDetail(entry: AuditEntryView): string {
  if (entry.actorKind === "user" || entry.actorKind === "visitor") return entry.address ?? "address unknown";
  return entry.actorKind === "cli" ? "command line" : "start-up";
}
