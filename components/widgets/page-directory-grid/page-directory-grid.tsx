"use client";

import { memo, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { mdxWidget } from "../mdx-widget";
import { buildGrid, describeCell, hex8, LEGEND, parseGridProps, type GridCell, type GridConfig } from "./pd-grid-model";

/**
 * Lesson widget: COURSE.md's 16 x 64 page-directory map of a seeded i386 process as a grid of cells; hovering or
 * focusing a cell (arrow keys move) tells its PDE. MDX: `<PageDirectoryGrid seed="lesson-2" split="3G/1G" />`.
 */
export const PageDirectoryGrid = mdxWidget("PageDirectoryGrid", "pdg-error", parseGridProps, ({ config }) => (
  <Grid config={config} />
));

const CHAR_CLASS: Record<string, string> = {
  ".": "empty",
  X: "kernel-4m",
  R: "user-ro-4m",
  "*": "user-rw-4m",
  x: "kernel-pt",
  r: "user-ro-pt",
  "+": "user-rw-pt",
};

function Grid({ config }: { config: GridConfig }) {
  const id = useId();
  const view = useMemo(() => buildGrid(config), [config]);
  const rows = useMemo(() => Array.from({ length: 16 }, (_, row) => view.cells.slice(row * 64, row * 64 + 64)), [view]);
  // The landmark the lesson talks about first: the program's text (PDE 32), or PAGE_OFFSET's entry.
  const [selected, setSelected] = useState(32);
  const gridRef = useRef<HTMLDivElement>(null);
  const cell = view.cells[selected] ?? view.cells[0];

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(1023, index));
    setSelected(next);
    gridRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const row = selected >> 6;
    const moves: Record<string, number> = {
      ArrowRight: selected + 1,
      ArrowLeft: selected - 1,
      ArrowDown: selected + 64,
      ArrowUp: selected - 64,
      Home: row * 64,
      End: row * 64 + 63,
      PageUp: selected & 63,
      PageDown: 960 + (selected & 63),
    };
    const to = moves[event.key];
    if (to === undefined || to < 0 || to > 1023) return;
    event.preventDefault();
    moveTo(to);
  };

  return (
    <figure className="pdg" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="pdg-caption">
        The page directory of a 32-bit process ({config.split} split, {config.ram} MB of RAM, PSE{" "}
        {config.pse ? "on" : "off"}, seed &quot;
        {config.seed}&quot;), CR3 = <code>{hex8(view.cr3)}</code>: one cell per PDE, 4 MB each. Hover a cell, or focus
        the grid and move with the arrow keys.
      </figcaption>
      <div className="pdg-body">
        <div
          ref={gridRef}
          className="pdg-grid"
          role="grid"
          aria-label="Page-directory entries, 16 rows of 64"
          aria-describedby={`${id}-details`}
          onKeyDown={onKeyDown}
        >
          {rows.map((cells, row) => (
            <GridRow key={row} row={row} cells={cells} selected={selected} onSelect={setSelected} />
          ))}
        </div>
        <div className="pdg-details" id={`${id}-details`} aria-live="polite">
          {cell ? describeCell(cell).map((line, i) => <p key={i}>{line}</p>) : null}
        </div>
      </div>
      <ul className="pdg-legend" aria-label="Legend">
        {LEGEND.map((l) => (
          <li key={l.char}>
            <span className={`pdg-swatch pdg-${CHAR_CLASS[l.char]}`} aria-hidden="true">
              {l.char}
            </span>
            <code>{l.char}</code> {l.meaning}
          </li>
        ))}
      </ul>
      <details className="pdg-text">
        <summary>Text version (the 16 lines, as the exercise prints them)</summary>
        <pre aria-label="The page-directory map as text">
          {view.lines.map((line, row) => `${hex8(row << 28)}  ${line}`).join("\n")}
        </pre>
      </details>
    </figure>
  );
}

interface GridRowProps {
  row: number;
  cells: GridCell[];
  selected: number;
  onSelect: (index: number) => void;
}

// A row re-renders only when the selection enters or leaves it.
const GridRow = memo(
  function GridRow({ row, cells, selected, onSelect }: GridRowProps) {
    return (
      <div className="pdg-row" role="row">
        <span className="pdg-row-label" role="rowheader">
          {hex8(row << 28)}
        </span>
        {cells.map((c) => (
          <span
            key={c.index}
            role="gridcell"
            data-index={c.index}
            tabIndex={c.index === selected ? 0 : -1}
            aria-selected={c.index === selected}
            aria-label={`PDE ${c.index}, ${hex8(c.vaStart)}: ${c.char === "." ? "empty" : c.char}`}
            className={`pdg-cell pdg-${CHAR_CLASS[c.char]}`}
            onMouseEnter={() => onSelect(c.index)}
            onFocus={() => onSelect(c.index)}
          >
            {c.char === "." ? "" : c.char}
          </span>
        ))}
      </div>
    );
  },
  (a, b) =>
    a.cells === b.cells &&
    (a.selected >> 6 === a.row) === (b.selected >> 6 === b.row) &&
    (a.selected >> 6 !== a.row || a.selected === b.selected),
);
