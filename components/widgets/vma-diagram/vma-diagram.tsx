"use client";

import { useId, useMemo, useState } from "react";
import { errnoName, PROT_EXEC, PROT_READ, PROT_WRITE, VM_EXEC, VM_MAYSHARE, VM_WRITE } from "../../../sim/index";
import { mdxWidget } from "../mdx-widget";
import {
  BUF_PAGES,
  runMmapRequest,
  type DeviceSetup,
  type MmapOutcome,
  type MmapRequest,
  type VmaSnapshot,
} from "./vma-model";
import { AddressInput } from "../address-input";
import { parseBytes, parseVmaProps, protName, VMA_PRESETS } from "./vma-props";
import { VmaSvg } from "./vma-svg";

/**
 * Lesson widget: an mmap request on a 16-page driver buffer, run through sim's mmap to a correct handler: the VMA,
 * its decoded vm_flags, the handler's verdict and the page each virtual page maps.
 * MDX: `<VmaDiagram length="0x4000" offset="0x2000" prot="PROT_READ" flags="MAP_SHARED" buffer="read-only" />`.
 */
export const VmaDiagram = mdxWidget("VmaDiagram", "vmad-error", parseVmaProps, ({ request, device, seed }) => (
  <Diagram initial={request} initialDevice={device} seed={seed} />
));

const hex = (v: bigint | number) => "0x" + v.toString(16);
const pages = (n: number) => `${n} page${n === 1 ? "" : "s"}`;

function Diagram({ initial, initialDevice, seed }: { initial: MmapRequest; initialDevice: DeviceSetup; seed: string }) {
  const id = useId();
  const [request, setRequest] = useState(initial);
  const [device, setDevice] = useState(initialDevice);
  const [lengthText, setLengthText] = useState(hex(initial.length));
  const [offsetText, setOffsetText] = useState(hex(initial.offset));
  const outcome = useMemo(() => runMmapRequest(request, device, seed), [request, device, seed]);
  const lengthBad = parseBytes(lengthText) === null;
  const offsetBad = parseBytes(offsetText) === null;

  const update = (patch: Partial<MmapRequest>) => setRequest((r) => ({ ...r, ...patch }));
  const preset = (index: number) => {
    const p = VMA_PRESETS[index];
    if (p === undefined) return;
    setRequest(p.request);
    if (p.fdWritable !== null) setDevice((d) => ({ ...d, fdWritable: p.fdWritable ?? d.fdWritable }));
    setLengthText(hex(p.request.length));
    setOffsetText(hex(p.request.offset));
  };
  const toggleProt = (bit: number, on: boolean) => update({ prot: on ? request.prot | bit : request.prot & ~bit });

  return (
    <figure className="vmad" aria-label="An mmap request on a 16-page driver buffer">
      <div className="vmad-controls">
        <label>
          Try
          <select value="" onChange={(e) => preset(Number(e.target.value))}>
            <option value="" disabled>
              a request…
            </option>
            {VMA_PRESETS.map((p, i) => (
              <option key={p.label} value={i}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <BytesField
          label="length (bytes)"
          text={lengthText}
          setText={setLengthText}
          onValue={(length) => update({ length })}
        />
        <BytesField
          label="offset (bytes)"
          text={offsetText}
          setText={setOffsetText}
          onValue={(offset) => update({ offset })}
        />
        <fieldset className="vmad-prot">
          <legend>prot</legend>
          {(
            [
              ["PROT_READ", PROT_READ],
              ["PROT_WRITE", PROT_WRITE],
              ["PROT_EXEC", PROT_EXEC],
            ] as const
          ).map(([name, bit]) => (
            <label key={name} className="vmad-check">
              <input
                type="checkbox"
                checked={(request.prot & bit) !== 0}
                onChange={(e) => toggleProt(bit, e.target.checked)}
              />{" "}
              {name.slice(5)}
            </label>
          ))}
        </fieldset>
        <label>
          flags
          <select
            value={request.shared ? "MAP_SHARED" : "MAP_PRIVATE"}
            onChange={(e) => update({ shared: e.target.value === "MAP_SHARED" })}
          >
            <option value="MAP_SHARED">MAP_SHARED</option>
            <option value="MAP_PRIVATE">MAP_PRIVATE</option>
          </select>
        </label>
        <label>
          fd opened
          <select
            value={device.fdWritable ? "O_RDWR" : "O_RDONLY"}
            onChange={(e) => setDevice((d) => ({ ...d, fdWritable: e.target.value === "O_RDWR" }))}
          >
            <option value="O_RDWR">O_RDWR</option>
            <option value="O_RDONLY">O_RDONLY</option>
          </select>
        </label>
        <label>
          buffer
          <select
            value={device.readonly ? "read-only" : "read-write"}
            onChange={(e) => setDevice((d) => ({ ...d, readonly: e.target.value === "read-only" }))}
          >
            <option value="read-only">read-only</option>
            <option value="read-write">read-write</option>
          </select>
        </label>
      </div>
      {lengthBad || offsetBad ? (
        <p className="vmad-hint" role="status">
          Lengths and offsets are decimal or 0x-hex, 0 to 2^64 - 1. Showing the last valid request.
        </p>
      ) : null}
      <p className="vmad-call">
        <code>{`mmap(NULL, ${hex(request.length)}, ${protName(request.prot)}, ${request.shared ? "MAP_SHARED" : "MAP_PRIVATE"}, fd, ${hex(request.offset)})`}</code>
      </p>
      <Verdict outcome={outcome} readonly={device.readonly} titleId={`${id}-svg`} />
    </figure>
  );
}

// A byte count typed in decimal or 0x-hex: each valid value applies at once; an invalid one is marked and kept.
function BytesField(props: {
  label: string;
  text: string;
  setText: (text: string) => void;
  onValue: (value: bigint) => void;
}) {
  return (
    <AddressInput
      label={props.label}
      value={props.text}
      invalid={parseBytes(props.text) === null}
      onChange={(text) => {
        props.setText(text);
        const v = parseBytes(text);
        if (v !== null) props.onValue(v);
      }}
    />
  );
}

// The handler's C source with the values of this request in comments.
/**
 * The questions a correct handler asks, answered with this request's numbers. In words, not C: the mmap-handler
 * exercise asks for that C, and a lesson shows the idea without printing the answer (issue 17, correction 8).
 */
function handlerChecks(outcome: Extract<MmapOutcome, { stage: "driver" }>, readonly: boolean): string[] {
  const c = outcome.check;
  const f = outcome.seen.vm_flags;
  const shared = (f & VM_MAYSHARE) !== 0;
  const inside = c.offOk
    ? `the offset is page ${c.off}, below ${BUF_PAGES}; ${c.npages} page${c.npages === 1 ? "" : "s"} ${c.fits ? "fit" : "do not fit"} in the ${BUF_PAGES - c.off} left after it`
    : `the offset is page ${c.off}, not below ${BUF_PAGES}: nothing of the buffer is there (and the pages left are never computed)`;
  return [
    `Is the mapping shared (VM_MAYSHARE)? ${shared ? "Yes." : "No: refuse."}`,
    ...(readonly
      ? [
          `Does it ask for write or exec on a read-only buffer? ${(f & (VM_WRITE | VM_EXEC)) !== 0 ? "Yes: refuse." : "No; and the handler takes away the right to ask later (VM_MAYWRITE, VM_MAYEXEC)."}`,
        ]
      : []),
    `Does it fit the buffer, counted in pages? ${c.offOk && c.fits ? "Yes" : "No"}: ${inside}.`,
  ];
}

function Verdict({ outcome, readonly, titleId }: { outcome: MmapOutcome; readonly: boolean; titleId: string }) {
  if (outcome.stage === "kernel") {
    return (
      <p className="alert warn" role="status">
        The kernel refused before the driver&apos;s handler ran: mmap returns {outcome.reason}. No VMA was built.
      </p>
    );
  }
  const past = outcome.lines.filter((l) => !l.inBuffer);
  return (
    <>
      <VmaSvg outcome={outcome} titleId={titleId} />
      <figcaption className="vmad-details">
        <VmaTable vma={outcome.seen} heading="The VMA the handler receives" />
        <ol className="vmad-check-code" aria-label="What a correct handler checks, with this request's numbers">
          {handlerChecks(outcome, readonly).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ol>
        <p className={`alert ${outcome.accepted ? "ok" : "error"}`} role="status">
          {outcome.accepted
            ? "A correct handler accepts: "
            : `A correct handler returns -${errnoName(outcome.errno)}: `}
          {outcome.reason}.
          {outcome.accepted
            ? " remap_pfn_range then maps frame buf_pfn + vm_pgoff + i at virtual page i and sets VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP."
            : ""}
        </p>
        {!outcome.accepted && past.length > 0 ? (
          <p className="vmad-bug">
            {`A handler without the check, remap_pfn_range(vma, vma->vm_start, buf_pfn + vma->vm_pgoff, size, prot), would map ${pages(outcome.seen.npages - (outcome.lines.length - past.length))} past the buffer, starting at pfn ${hex(past[0]?.pfn ?? 0)}: whatever the kernel keeps there (red).`}
          </p>
        ) : null}
        {outcome.final !== null ? <VmaTable vma={outcome.final} heading="After the handler" /> : null}
      </figcaption>
    </>
  );
}

function VmaTable({ vma, heading }: { vma: VmaSnapshot; heading: string }) {
  return (
    <table className="vmad-table">
      <caption>{heading}</caption>
      <tbody>
        <tr>
          <th scope="row">vm_start .. vm_end</th>
          <td>
            <code>{`${hex(vma.vm_start)} .. ${hex(vma.vm_end)}`}</code> (end exclusive, {vma.npages} page
            {vma.npages === 1 ? "" : "s"})
          </td>
        </tr>
        <tr>
          <th scope="row">vm_pgoff</th>
          <td>
            <code>{vma.vm_pgoff}</code> (offset / 4096, in pages)
          </td>
        </tr>
        <tr>
          <th scope="row">vm_flags</th>
          <td>
            <code>{hex(vma.vm_flags)}</code> = <code>{vma.flagNames}</code>
          </td>
        </tr>
        <tr>
          <th scope="row">vm_page_prot</th>
          <td>
            <code>{hex(vma.vm_page_prot)}</code>
          </td>
        </tr>
      </tbody>
    </table>
  );
}
