import { HANDLER_BUGS, type HandlerBug } from "../../../sim/index";
import { AddressInput } from "../address-input";
import { parseBytes } from "../vma-diagram/vma-props";
import { attackPresets, HANDLER_LABELS, type AttackPreset, type AttackSetup } from "./attack-props";

// The request the learner changes: which handler, the length and offset (decimal or 0x-hex, applied as soon as they
// parse), PROT_READ alone or with PROT_WRITE, and the lesson's requests as presets.

/** The text in the length and offset fields, kept apart from the values so that a half-typed number stays visible. */
export interface RequestTexts {
  length: string;
  offset: string;
}

export interface AttackControlsProps {
  setup: AttackSetup;
  texts: RequestTexts;
  writable: boolean;
  hintId: string;
  onBug: (bug: HandlerBug) => void;
  onText: (field: keyof RequestTexts, text: string) => void;
  onWritable: (writable: boolean) => void;
  onPreset: (preset: AttackPreset) => void;
}

export function AttackControls(props: AttackControlsProps) {
  const presets = attackPresets(props.setup.buffer);
  const bad = (text: string) => parseBytes(text) === null;
  const anyBad = bad(props.texts.length) || bad(props.texts.offset);
  return (
    <>
      <div className="vmad-controls">
        <label>
          Handler
          <select
            value={props.setup.bug}
            onChange={(e) => props.onBug(HANDLER_BUGS.find((b) => b === e.target.value) ?? props.setup.bug)}
          >
            {HANDLER_BUGS.map((bug) => (
              <option key={bug} value={bug}>
                {HANDLER_LABELS[bug]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Try
          <select
            value=""
            onChange={(e) => {
              const preset = presets[Number(e.target.value)];
              if (preset !== undefined) props.onPreset(preset);
            }}
          >
            <option value="" disabled>
              a request…
            </option>
            {presets.map((p, i) => (
              <option key={p.label} value={i}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <AddressInput
          label="length (bytes)"
          value={props.texts.length}
          invalid={bad(props.texts.length)}
          describedBy={anyBad ? props.hintId : undefined}
          onChange={(text) => props.onText("length", text)}
        />
        <AddressInput
          label="offset (bytes)"
          value={props.texts.offset}
          invalid={bad(props.texts.offset)}
          describedBy={anyBad ? props.hintId : undefined}
          onChange={(text) => props.onText("offset", text)}
        />
        <label>
          prot
          <select value={props.writable ? "rw" : "r"} onChange={(e) => props.onWritable(e.target.value === "rw")}>
            <option value="rw">PROT_READ|PROT_WRITE</option>
            <option value="r">PROT_READ</option>
          </select>
        </label>
      </div>
      {anyBad ? (
        <p className="vmad-hint" id={props.hintId} role="status">
          Lengths and offsets are decimal or 0x-hex, 0 to 2^64 - 1. Showing the last valid request.
        </p>
      ) : null}
    </>
  );
}
