import { formatPa, formatVa, tableOf, type FormatRef, type Stage, type VaField } from "./walk-model";
import type { WalkMachine } from "./walk-types";
import { WalkStepCard } from "./walk-step-card";

// The stepper's pieces: the VA split into coloured index fields, and one stage of the walk in words and bits. Names
// and bit positions come from the machine's paging-format row.

/** The VA in binary, one coloured group per index field (the same colour marks the entry that field picks). */
export function VaBits({ fields, va, format }: { fields: VaField[]; va: bigint; format: FormatRef }) {
  return (
    <figure className="pws-va" aria-label={`The bits of ${formatVa(va, format)}`}>
      {fields.map((f) => {
        const width = f.hi - f.lo + 1;
        return (
          <div key={f.label} className="pws-field" data-slot={f.slot} style={{ flexGrow: width }}>
            <span className="pws-field-label">
              {f.label} <span className="muted">{width > 1 ? `${f.hi}:${f.lo}` : f.hi}</span>
            </span>
            <code className="pws-field-bits">{f.value.toString(2).padStart(width, "0")}</code>
            <span className="pws-field-value">
              0x{f.value.toString(16)}
              {f.slot === "offset" || f.slot === "sign" ? "" : ` = ${f.value}`}
            </span>
          </div>
        );
      })}
    </figure>
  );
}

/** One stage: CR3, an entry (how its address is computed, then its bits), the physical address, or the fault. */
export function StageView({ stage, va, machine }: { stage: Stage; va: bigint; machine: WalkMachine }) {
  const format = machine.format;
  if (stage.kind === "cr3") {
    const [hi, lo] = format.cr3Bits;
    const top = format.levels[0]?.short ?? "top table";
    const bits = lo === 12 ? `${hi}:${lo}` : `${hi}:${lo} (the ${top} is ${2 ** lo}-byte aligned)`;
    return (
      <div className="pws-text">
        <strong>CR3</strong> = <code>{formatPa(stage.cr3)}</code>. Its bits {bits} give the physical address of the{" "}
        {stage.tableName}: <code>{formatPa(stage.tableBase)}</code>.
      </div>
    );
  }
  if (stage.kind === "entry") {
    const field = stage.field;
    const table = tableOf(format, stage.level);
    return (
      <div>
        <p className="pws-text">
          {field ? (
            <>
              VA bits {field.hi}:{field.lo} = <code>0x{field.value.toString(16)}</code> pick entry {stage.index} of the{" "}
              {table} at <code>{formatPa(stage.tableBase)}</code>:{" "}
            </>
          ) : null}
          <code>
            {formatPa(stage.tableBase)} + {stage.index} × {stage.entrySize} = {stage.step.entryAddress}
          </code>
          .
        </p>
        <WalkStepCard
          step={stage.step}
          format={format.entryLayout}
          use={stage.use}
          index={stage.index}
          slot={stage.slot}
          maxPhyAddr={machine.maxPhyAddr}
          nxe={machine.nxe}
          bits={stage.bits}
        />
      </div>
    );
  }
  if (stage.kind === "page") {
    const size =
      stage.pageSize >= 1 << 30
        ? "1 GB"
        : stage.pageSize >= 1 << 22
          ? "4 MB"
          : stage.pageSize >= 1 << 21
            ? "2 MB"
            : "4 KB";
    return (
      <div className="pws-result pws-ok">
        <p>
          <strong>Translated.</strong> The rights of every level allow this access, so the {size} page at frame{" "}
          <code>{formatPa(stage.frameBase)}</code> plus the offset <code>0x{stage.offset.toString(16)}</code> gives the
          physical address{" "}
          <strong>
            <code>{formatPa(stage.pa)}</code>
          </strong>
          .
        </p>
      </div>
    );
  }
  if (stage.kind === "gp") {
    return (
      <div className="pws-result pws-fault">
        <p>
          <strong>#GP(0)</strong>, not a page fault: {stage.stop.replace(/^#GP\(0\): /, "")}.{" "}
          {format.linearBits > format.vaBits
            ? `Bits ${format.linearBits - 1}:${format.vaBits - 1} of ${formatVa(va, format)} are not all equal, so the CPU refuses the address before reading any table, and CR2 is not written.`
            : "The CPU checks the four PDPTEs when CR3 is loaded, and a reserved bit there is a general-protection fault."}
        </p>
      </div>
    );
  }
  return (
    <div className="pws-result pws-fault">
      <p>
        <strong>Page fault (#PF)</strong>, error code <code>0x{stage.errorCode.toString(16)}</code>, CR2 ={" "}
        <code>{formatVa(stage.cr2, format)}</code>. Why the walk stopped: {stage.reason}
      </p>
      <table className="pws-error-code">
        <caption className="sr-only">The error code bit by bit</caption>
        <thead>
          <tr>
            <th scope="col">Bit</th>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
            <th scope="col">Meaning</th>
          </tr>
        </thead>
        <tbody>
          {stage.bits.map((b) => (
            <tr key={b.bit} data-set={b.isSet ? "1" : "0"}>
              <td>{b.bit}</td>
              <td>{b.name}</td>
              <td>{b.isSet ? 1 : 0}</td>
              <td>{b.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {format.nx ? null : <p className="muted">{format.name} has no NX bit, so I/D is only reported with CR4.SMEP.</p>}
    </div>
  );
}
