import type { ReactNode } from "react";

/** A highlighted aside in a lesson: a note, a warning (a common bug) or a tip. */
export function Callout({ kind = "note", title, children }: { kind?: "note" | "warning" | "tip"; title?: string; children: ReactNode }) {
  return (
    <aside className={`callout ${kind}`} role="note" aria-label={title ?? kind}>
      {title ? <p className="callout-title">{title}</p> : null}
      {children}
    </aside>
  );
}
