"use client";

import { useId, useMemo, useState, type KeyboardEvent } from "react";
import { mdxWidget } from "../mdx-widget";
import { AddressInput } from "../address-input";
import { AddressSpaceSvg, BAR_HEIGHT } from "./address-space-svg";
import {
  addressToY,
  buildRegions,
  findRegion,
  formatAddress,
  formatBytes,
  layoutBands,
  parseAddress,
  parseMapProps,
  physicalOf,
  type MapConfig,
  type Scale,
} from "./address-space-model";

/**
 * Lesson widget: the i386 (sim's layoutI386) or x86-64 (sim's layoutX8664) address space as a vertical bar; type or
 * hover an address to see its region and the region's bounds. MDX: `<AddressSpaceMap arch="i386" split="3G/1G"
 * ram="1024" />` or `<AddressSpaceMap arch="x86_64" scale="log" address="0xffff888000001000" />`.
 */
export const AddressSpaceMap = mdxWidget("AddressSpaceMap", "asm-error", parseMapProps, ({ config }) => (
  <MapWidget config={config} />
));

function MapWidget({ config }: { config: MapConfig }) {
  const id = useId();
  const regions = useMemo(() => buildRegions(config), [config]);
  const start = config.address ?? (config.arch === "i386" ? "0xc1234567" : "0xffff888000001000");
  const [text, setText] = useState(start);
  const [typed, setTyped] = useState<bigint | null>(() => {
    const p = parseAddress(start, config.arch);
    return p.ok ? p.address : null;
  });
  const [hovered, setHovered] = useState<bigint | null>(null);
  // A linear x86-64 bar is all non-canonical hole, so x86-64 starts on the log scale.
  const [scale, setScale] = useState<Scale>(config.scale ?? (config.arch === "x86_64" ? "log" : "linear"));
  const bands = useMemo(() => layoutBands(regions, scale, BAR_HEIGHT), [regions, scale]);
  const shown = hovered ?? typed;
  const region = shown === null ? null : findRegion(regions, shown);
  const pa = shown === null ? null : physicalOf(config, shown);
  const parsed = parseAddress(text, config.arch);

  const onText = (value: string) => {
    setText(value);
    const p = parseAddress(value, config.arch);
    if (p.ok) setTyped(p.address);
  };
  const choose = (address: bigint) => {
    setTyped(address);
    setText(formatAddress(address, config.arch));
  };
  const onListKey = (event: KeyboardEvent<HTMLOListElement>) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const buttons = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>("button"));
    const at = buttons.findIndex((b) => b === document.activeElement);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)))];
    if (!next) return;
    event.preventDefault();
    next.focus();
    next.click();
  };
  const title =
    config.arch === "i386"
      ? `i386, ${config.split} split, ${formatBytes(BigInt(config.ram) << 20n)} of RAM${config.pae ? ", PAE" : ""}`
      : "x86-64, 4-level paging, no KASLR";

  return (
    <figure className="asm" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`} className="asm-caption">
        <strong>Address space map</strong>: {title}. Type an address, hover the bar, or pick a region.
      </figcaption>
      <div className="asm-controls">
        <AddressInput label="Address" value={text} invalid={!parsed.ok} onChange={onText} />
        <fieldset className="asm-scale">
          <legend>Scale</legend>
          {(["linear", "log"] as const).map((s) => (
            <label key={s}>
              <input type="radio" name={`${id}-scale`} checked={scale === s} onChange={() => setScale(s)} />{" "}
              {s === "linear" ? "linear (true sizes)" : "log (every region visible)"}
            </label>
          ))}
        </fieldset>
      </div>
      {parsed.ok ? null : (
        <p className="asm-hint" role="status">
          {parsed.message}
        </p>
      )}
      <div className="asm-body">
        <AddressSpaceSvg
          bands={bands}
          arch={config.arch}
          markerY={shown === null ? null : addressToY(bands, shown)}
          selectedStart={region?.start ?? null}
          titleId={`${id}-t`}
          descId={`${id}-info`}
          onHover={setHovered}
        />
        <div className="asm-side">
          <div className="asm-info" id={`${id}-info`} aria-live="polite">
            {shown !== null && region ? (
              <>
                <p>
                  <code>{formatAddress(shown, config.arch)}</code>
                  {hovered !== null ? <span className="muted"> (under the pointer)</span> : null} is in{" "}
                  <strong>{region.name}</strong>:
                </p>
                <p>
                  <code>{formatAddress(region.start, config.arch)}</code> to{" "}
                  <code>{formatAddress(region.end - 1n, config.arch)}</code> ({formatBytes(region.end - region.start)}),{" "}
                  {formatBytes(shown - region.start) === "0 bytes"
                    ? "its first byte"
                    : `${formatBytes(shown - region.start)} in`}
                  .
                </p>
                <p>{region.note}</p>
                {pa !== null ? (
                  <p>
                    __pa = <code>0x{pa.toString(16)}</code>
                  </p>
                ) : null}
              </>
            ) : (
              <p className="muted">Type an address to place it on the map.</p>
            )}
          </div>
          <ol className="asm-list" aria-label="Regions, highest address first" onKeyDown={onListKey}>
            {[...regions].reverse().map((r) => (
              <li key={r.start.toString()}>
                <button
                  type="button"
                  className={`asm-item asm-${r.kind}`}
                  aria-current={region?.start === r.start ? "true" : undefined}
                  onClick={() => choose(r.start)}
                >
                  <span className="asm-swatch" aria-hidden="true" />
                  <span className="asm-item-name">{r.name}</span>
                  <code className="asm-item-range">
                    {formatAddress(r.start, config.arch)} .. {formatAddress(r.end - 1n, config.arch)}
                  </code>
                  <span className="asm-item-size muted">{formatBytes(r.end - r.start)}</span>
                </button>
              </li>
            ))}
          </ol>
        </div>
      </div>
    </figure>
  );
}
