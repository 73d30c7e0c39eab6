import type { TraceView } from "../../../sim/index";
import {
  describeEntryBits,
  entryTarget,
  largePageSizeName,
  parseEntryValue,
  type BitCell,
  type EntryFormat,
  type EntryUse,
} from "./entry-bits";

// One step of a page walk, drawn the same way in the lesson's stepper and in the result panel's "Your walk" /
// "The reference walk": the entry's address and value, every bit of the value named, and what the entry leads to.

export interface WalkStepCardProps {
  step: TraceView["steps"][number];
  format: EntryFormat;
  /** How the walk used the entry; null for a step that is not an entry (an exercise's extra read). */
  use: EntryUse | null;
  /** The entry's index in its table, when known (traces on the wire do not carry it). */
  index?: number;
  /** Colour slot of the VA bits that chose the entry (0 = top level). */
  slot?: number;
  maxPhyAddr?: number;
  nxe?: boolean;
  /** Precomputed bits (the stepper has them already). */
  bits?: BitCell[];
}

const ROLE_LABELS: Record<BitCell["role"], string> = {
  flag: "flag",
  address: "physical address",
  reserved: "reserved",
  ignored: "ignored",
  avl: "free for the OS",
  pk: "protection key",
  nx: "execute-disable",
};

/** A paging-structure entry with its bits named; P = 0 and set reserved bits are called out in words. */
export function WalkStepCard({ step, format, use, index, slot, maxPhyAddr, nxe, bits: given }: WalkStepCardProps) {
  const value = parseEntryValue(step.entryValue);
  const heading = (
    <div className="pws-step-head">
      <span className="pws-level">{step.level}</span>
      {index !== undefined ? <span>entry {index}</span> : null}
      <span>
        at <code>{step.entryAddress}</code> = <code>{step.entryValue}</code>
      </span>
    </div>
  );
  if (value === null || use === null) {
    return (
      <div className="pws-step" data-slot={slot}>
        {heading}
        {step.flags.length > 0 ? <p className="pws-flags">[{step.flags.join(" ")}]</p> : null}
        {step.note ? <p className="muted pws-note">{step.note}</p> : null}
      </div>
    );
  }
  const context = { format, level: step.level, use, maxPhyAddr, nxe };
  const bits = given ?? describeEntryBits(value, context);
  const isPresent = (value & 1n) === 1n;
  const setReserved = bits.filter((b) => b.role === "reserved" && b.isSet);
  const flagsSet = bits.filter((b) => (b.role === "flag" || b.role === "nx") && b.isSet).map((b) => b.name);
  const flagsClear = bits.filter((b) => (b.role === "flag" || b.role === "nx") && !b.isSet).map((b) => b.name);
  const target = entryTarget(value, context);
  const summary = !isPresent
    ? "P = 0: not present. The CPU ignores every other bit, and the walk stops here."
    : setReserved.length > 0
      ? `Reserved bit${setReserved.length > 1 ? "s" : ""} ${setReserved.map((b) => b.bit).join(", ")} set: the walk stops with a reserved-bit fault.`
      : use === "table"
        ? `Points to the next table at 0x${target.toString(16)}.`
        : `Maps the ${pageSizeName(format, step.level, use)} page at 0x${target.toString(16)}.`;
  const rows = format === "32" ? [bits.slice(0, 32)] : [bits.slice(32, 64), bits.slice(0, 32)];
  return (
    <div className="pws-step" data-slot={slot}>
      {heading}
      <div
        className="pws-bits"
        data-present={isPresent ? "1" : "0"}
        role="img"
        aria-label={`${step.level} ${step.entryValue} in binary: set flags ${flagsSet.join(", ") || "none"}; ${setReserved.length > 0 ? `reserved bits set: ${setReserved.map((b) => b.bit).join(", ")}` : "no reserved bit set"}`}
      >
        {rows.map((row, r) => (
          <div className="pws-bit-row" key={r}>
            {[...row].reverse().map((b) => (
              <span
                key={b.bit}
                className="pws-bit"
                data-bit={b.bit}
                data-role={b.role}
                data-set={b.isSet ? "1" : "0"}
                title={`bit ${b.bit} ${b.name} = ${b.isSet ? 1 : 0}: ${b.meaning} (${ROLE_LABELS[b.role]})`}
              >
                <span className="pws-bit-no">
                  {b.bit % 4 === 0 || b.role === "flag" || b.role === "nx" ? b.bit : ""}
                </span>
                <span className="pws-bit-val">{b.isSet ? 1 : 0}</span>
                <span className="pws-bit-name">{shortName(b)}</span>
              </span>
            ))}
          </div>
        ))}
      </div>
      <p className="pws-flags">
        <span className="pws-on">set: {flagsSet.join(" ") || "none"}</span> ·{" "}
        <span className="pws-off">clear: {flagsClear.join(" ") || "none"}</span>
      </p>
      <p className={`pws-summary${!isPresent || setReserved.length > 0 ? " pws-stop" : ""}`}>{summary}</p>
      {step.note ? <p className="muted pws-note">{step.note}</p> : null}
    </div>
  );
}

function pageSizeName(format: EntryFormat, level: string, use: EntryUse): string {
  return use === "page" ? "4 KB" : largePageSizeName(format, level);
}

// Under a bit: flag names, and PS where it is reserved; address, reserved, ignored and free bits are told apart by
// their colour and border (BitLegend), which keeps narrow cells readable.
function shortName(b: BitCell): string {
  if (b.role === "flag" || b.role === "nx" || b.role === "pk") return b.name;
  return b.role === "reserved" && b.name !== "rsvd" ? b.name : "";
}

/** The key to the bit cells' colours and borders. */
export function BitLegend() {
  return (
    <ul className="pws-legend" aria-label="Bit colours">
      {(["flag", "address", "reserved", "nx", "ignored"] as const).map((role) => (
        <li key={role}>
          <span className="pws-bit pws-swatch" data-role={role} data-set="0" aria-hidden="true" />
          {role === "ignored"
            ? "ignored or free for the OS (AVL)"
            : role === "nx"
              ? "execute-disable, protection key"
              : ROLE_LABELS[role]}
        </li>
      ))}
      <li>
        <strong>1</strong> bold: set
      </li>
    </ul>
  );
}
