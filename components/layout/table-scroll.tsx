import type { ReactNode } from "react";

/**
 * A box a wide table scrolls inside, so the page itself never becomes wider than the screen. The box takes focus
 * (a keyboard user scrolls it with the arrow keys; WCAG 2.1.1) and is a named region, which a screen reader
 * announces as the place to scroll.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" tabIndex={0} aria-label={label}>
      {children}
    </div>
  );
}
