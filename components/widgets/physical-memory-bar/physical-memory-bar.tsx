"use client";

import { useId, useState } from "react";
import { kmapSlotAddress } from "../../../sim/index";
import { mdxWidget } from "../mdx-widget";
import { MemoryBarSvg } from "./memory-bar-svg";
import {
  buildMemoryBar,
  ERAS,
  formatSize,
  hex32,
  KMAP_LOCAL_SLOTS,
  MAX_RAM_MB,
  parseMemoryBarProps,
  RAM_STEPS_MB,
  SPLITS,
  type MemoryBarConfig,
  type MemoryBarView,
  type SplitId,
} from "./memory-bar-model";

/**
 * Lesson widget: RAM as zones and the i386 kernel window above it, computed live by sim's layoutI386 from the RAM
 * size, split, vmalloc= and PAE the learner picks. MDX: `<PhysicalMemoryBar ram="1024" split="3G/1G" />`.
 */
export const PhysicalMemoryBar = mdxWidget("PhysicalMemoryBar", "pmb-error", parseMemoryBarProps, ({ config }) => (
  <MemoryBarWidget initial={config} />
));

function nearestStep(mb: number): number {
  let best = 0;
  RAM_STEPS_MB.forEach((step, i) => {
    if (Math.abs(step - mb) < Math.abs((RAM_STEPS_MB[best] ?? 0) - mb)) best = i;
  });
  return best;
}

function MemoryBarWidget({ initial }: { initial: MemoryBarConfig }) {
  const id = useId();
  const [config, setConfig] = useState(initial);
  const [ramText, setRamText] = useState(String(initial.ramMb));
  const [vmallocText, setVmallocText] = useState(initial.vmallocMb === null ? "" : String(initial.vmallocMb));
  const set = (patch: Partial<MemoryBarConfig>) => setConfig((c) => ({ ...c, ...patch }));
  const result = buildMemoryBar(config);

  const onRamText = (text: string) => {
    setRamText(text);
    const mb = Number(text);
    if (/^\d+$/.test(text.trim()) && mb >= 1 && mb <= MAX_RAM_MB) set({ ramMb: mb });
  };
  const onVmallocText = (text: string) => {
    setVmallocText(text);
    if (text.trim() === "") set({ vmallocMb: null });
    else if (/^\d+$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= MAX_RAM_MB)
      set({ vmallocMb: Number(text) });
  };
  const ramTextBad = ramText !== String(config.ramMb);
  const vmallocTextBad = vmallocText.trim() !== (config.vmallocMb === null ? "" : String(config.vmallocMb));

  return (
    <figure className="pmb" aria-label="Physical memory and the i386 kernel window">
      <div className="pmb-controls">
        <label className="pmb-ram">
          RAM: {formatSize(config.ramMb * 2 ** 20)}
          <input
            type="range"
            min={0}
            max={RAM_STEPS_MB.length - 1}
            step={1}
            value={nearestStep(config.ramMb)}
            aria-valuetext={`${config.ramMb} MB`}
            onChange={(e) => {
              const mb = RAM_STEPS_MB[Number(e.target.value)] ?? config.ramMb;
              set({ ramMb: mb });
              setRamText(String(mb));
            }}
          />
        </label>
        <label>
          RAM in MB
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_RAM_MB}
            value={ramText}
            aria-invalid={ramTextBad}
            onChange={(e) => onRamText(e.target.value)}
          />
        </label>
        <label>
          Split
          <select
            value={config.split}
            onChange={(e) => set({ split: SPLITS.find((s) => s.id === e.target.value)?.id ?? config.split })}
          >
            {SPLITS.map((s) => (
              <option key={s.id} value={s.id}>
                {`${s.id} (${s.kconfig}, PAGE_OFFSET ${hex32(s.pageOffset)})`}
              </option>
            ))}
          </select>
        </label>
        <label>
          vmalloc= (MB)
          <input
            type="number"
            inputMode="numeric"
            min={1}
            placeholder="not set"
            value={vmallocText}
            aria-invalid={vmallocTextBad}
            onChange={(e) => onVmallocText(e.target.value)}
          />
        </label>
        <label className="pmb-check">
          <input type="checkbox" checked={config.pae} onChange={(e) => set({ pae: e.target.checked })} /> PAE
        </label>
        <label>
          Kernel
          <select
            value={config.era}
            onChange={(e) => set({ era: ERAS.find((era) => era.id === e.target.value)?.id ?? config.era })}
          >
            {ERAS.map((era) => (
              <option key={era.id} value={era.id}>
                {era.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {ramTextBad || vmallocTextBad ? (
        <p className="pmb-hint" role="status">
          {ramTextBad ? `RAM must be a whole number of MB from 1 to ${MAX_RAM_MB}. ` : ""}
          {vmallocTextBad ? "vmalloc= must be a whole number of MB, or empty." : ""}
        </p>
      ) : null}
      {result.ok ? (
        <>
          <MemoryBarSvg view={result.view} titleId={`${id}-t`} descId={`${id}-d`} />
          <MemoryBarNumbers view={result.view} split={config.split} />
        </>
      ) : (
        <p className="alert warn" role="status">
          No kernel boots with this configuration: {result.reason}.
        </p>
      )}
    </figure>
  );
}

/** The numbers in text: the layout's boundaries and where each sample frame is reachable. */
function MemoryBarNumbers({ view, split }: { view: MemoryBarView; split: SplitId }) {
  const l = view.layout;
  const rows: [string, string][] = [
    ["PAGE_OFFSET", `${hex32(l.pageOffset)} (${split}: user space is 0 .. ${hex32(l.pageOffset)})`],
    ["MAXMEM", `${hex32(l.maxmemBytes)} (${formatSize(l.maxmemBytes)})`],
    ["lowmem end (physical)", `${hex32(l.lowmemBytes)} (${formatSize(l.lowmemBytes)})`],
    ["high_memory", hex32(l.highMemory)],
    [
      "highmem",
      l.highmemBytes === 0 ? "0: all RAM is lowmem" : `${hex32(l.highmemBytes)} (${formatSize(l.highmemBytes)})`,
    ],
    ["vmalloc", `${hex32(l.vmallocStart)} .. ${hex32(l.vmallocEnd)} (${formatSize(l.vmallocEnd - l.vmallocStart)})`],
    ["pkmap (kmap)", `${hex32(l.pkmapBase)} .. ${hex32(l.pkmapEnd)} (LAST_PKMAP = ${l.lastPkmap} pages)`],
    ["fixmap", `${hex32(l.fixaddrStart)} .. ${hex32(l.fixaddrTop)}`],
    [
      "kmap_local slots",
      `${KMAP_LOCAL_SLOTS} per CPU; CPU 0: ${hex32(kmapSlotAddress(view.kmapMachine, 0, KMAP_LOCAL_SLOTS - 1))} .. ${hex32(kmapSlotAddress(view.kmapMachine, 0, 0) + 4096)}`,
    ],
    ["zones (physical)", view.physical.map((z) => `${z.label} ${hex32(z.start)} .. ${hex32(z.end)}`).join(", ")],
  ];
  return (
    <figcaption className="pmb-numbers">
      <table>
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>
                <code>{v}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ol className="pmb-frames" aria-label="Sample frames">
        {view.frames.map((f) => (
          <li key={f.pfn}>
            <code>{`pfn 0x${f.pfn.toString(16)}`}</code> (physical <code>{hex32(f.pa)}</code>,{" "}
            {f.zone === "HighMem" ? "ZONE_HIGHMEM" : `ZONE_${f.zone.toUpperCase()}`}):{" "}
            {f.kmap !== null ? (
              <>
                no permanent kernel address: <code>kmap_local_page()</code> maps it at <code>{hex32(f.kmap.addr)}</code>{" "}
                (CPU 0, slot {f.kmap.slot}) until <code>kunmap_local()</code>
              </>
            ) : (
              <>
                always mapped at <code>__va = {f.va === null ? "" : hex32(f.va)}</code>
              </>
            )}
          </li>
        ))}
      </ol>
    </figcaption>
  );
}
