"use client";

import { useId, useMemo, useState, type KeyboardEvent } from "react";
import type { Access } from "../../../sim/index";
import { AddressInput } from "../address-input";
import { mdxWidget } from "../mdx-widget";
import { stepKeyTarget } from "../step-keys";
import { parseStepperProps, type StepperConfig } from "./stepper-props";
import { StageView, VaBits } from "./stage-view";
import { buildWalkMachine } from "./walk-machine";
import { buildWalkView, formatVa, parseVa } from "./walk-model";
import { BitLegend } from "./walk-step-card";

/**
 * Lesson widget: steps through sim's own page walk of a seeded machine, from CR3 to the physical address or the
 * fault. MDX: `<PageWalkStepper mode="i386-pse" seed="lesson-2" va="0xc1234567" access="read" user="false" />`; the
 * modes are the paging formats of sim's table that have a demo machine (walk-types.ts).
 */
export const PageWalkStepper = mdxWidget("PageWalkStepper", "pws-error", parseStepperProps, ({ config }) => (
  <Stepper config={config} />
));

function Stepper({ config }: { config: StepperConfig }) {
  const id = useId();
  const machine = useMemo(() => buildWalkMachine(config.mode, config.seed), [config.mode, config.seed]);
  const first = machine.presets[0];
  const startVa = config.va ?? first?.va ?? 0n;
  const format = machine.format;
  const [vaText, setVaText] = useState(formatVa(startVa, format));
  const [va, setVa] = useState(startVa);
  const [access, setAccess] = useState<Access>(
    config.access ?? (config.va === null ? first?.access : undefined) ?? "read",
  );
  const [user, setUser] = useState(config.user ?? (config.va === null ? first?.user : undefined) ?? true);
  const [at, setAt] = useState(0);
  const view = useMemo(() => buildWalkView(machine, va, access, user), [machine, va, access, user]);
  const parsedText = parseVa(vaText, format);
  const last = view.stages.length - 1;
  const shown = Math.min(at, last);

  const restart = (next: () => void) => {
    next();
    setAt(0);
  };
  const onVaText = (text: string) => {
    setVaText(text);
    const p = parseVa(text, format);
    if (p.ok) restart(() => setVa(p.va));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    // Inputs and selects keep their own arrow keys (the caret, the radio group, the options).
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
    const to = stepKeyTarget(event.key, shown, last);
    if (to === null) return;
    event.preventDefault();
    setAt(to);
  };

  return (
    <section className="pws" aria-label={`Page-walk stepper: ${format.name}`} onKeyDown={onKeyDown}>
      <p className="pws-machine muted">{machine.summary}</p>
      <div className="pws-controls">
        <AddressInput
          label="Virtual address"
          value={vaText}
          invalid={!parsedText.ok}
          describedBy={parsedText.ok ? undefined : `${id}-va-error`}
          onChange={onVaText}
        />
        <label>
          Access
          <select
            value={access}
            onChange={(e) =>
              restart(() =>
                setAccess(e.target.value === "write" ? "write" : e.target.value === "exec" ? "exec" : "read"),
              )
            }
          >
            <option value="read">read</option>
            <option value="write">write</option>
            <option value="exec">instruction fetch</option>
          </select>
        </label>
        <fieldset className="pws-mode">
          <legend>Running as</legend>
          <label>
            <input type="radio" name={`${id}-cpl`} checked={user} onChange={() => restart(() => setUser(true))} /> user
            (CPL 3)
          </label>
          <label>
            <input type="radio" name={`${id}-cpl`} checked={!user} onChange={() => restart(() => setUser(false))} />{" "}
            kernel (supervisor)
          </label>
        </fieldset>
      </div>
      {parsedText.ok ? null : (
        <p className="pws-hint" role="status" id={`${id}-va-error`}>
          {parsedText.message}
        </p>
      )}
      <div className="pws-presets" role="group" aria-label="Example addresses">
        <span className="muted">Try:</span>
        {machine.presets.map((p) => (
          <button
            key={p.id}
            type="button"
            className="button"
            aria-pressed={p.va === va && p.access === access && p.user === user}
            onClick={() =>
              restart(() => {
                setVa(p.va);
                setVaText(formatVa(p.va, format));
                setAccess(p.access);
                setUser(p.user);
              })
            }
          >
            {p.label} <code>{formatVa(p.va, format)}</code>
          </button>
        ))}
      </div>
      <VaBits fields={view.fields} va={view.va} format={format} />
      <BitLegend />
      <ol className="pws-stages" aria-label="The walk, step by step: arrow keys step" tabIndex={0}>
        {view.stages.slice(0, shown + 1).map((stage, i) => (
          <li key={i} className="pws-stage" aria-current={i === shown ? "step" : undefined} data-current={i === shown}>
            <StageView stage={stage} va={view.va} machine={machine} />
          </li>
        ))}
      </ol>
      <div className="pws-nav">
        <button type="button" className="button" onClick={() => setAt(shown - 1)} disabled={shown === 0}>
          ← Previous
        </button>
        <span role="status" aria-live="polite">
          Step {shown + 1} of {view.stages.length}
        </span>
        <button type="button" className="button primary" onClick={() => setAt(shown + 1)} disabled={shown === last}>
          Next →
        </button>
        <span className="muted pws-keys">
          or <kbd>←</kbd> <kbd>→</kbd> in the widget
        </span>
      </div>
    </section>
  );
}
