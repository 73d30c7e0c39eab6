/**
 * A lesson's or an exercise's state at a glance: a tick when done, a half-filled ring when a lesson is opened but not
 * done, an empty ring otherwise. The words ("Done:", "Started:") are there for screen readers, so the state is never
 * told by colour or shape alone; the empty ring says nothing, as a list of plain items does.
 */
export function DoneMark({ state }: { state: "done" | "started" | "not-started" }) {
  return (
    <span className="course-path-mark" data-state={state}>
      <span aria-hidden="true">{state === "done" ? "✓" : ""}</span>
      {state === "done" ? <span className="sr-only">Done: </span> : null}
      {state === "started" ? <span className="sr-only">Started: </span> : null}
    </span>
  );
}
