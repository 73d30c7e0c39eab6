import { z } from "zod";
import { PROT_EXEC, PROT_READ, PROT_WRITE } from "../../../sim/index";
import { parseWidgetProps } from "../widget-props";
import type { DeviceSetup, MmapRequest } from "./vma-model";

// The diagram's MDX attributes and text inputs: lengths and offsets in decimal or 0x-hex (any unsigned 64-bit
// value, so an instructor can show -4096 as 0xfffffffffffff000), prot as PROT_* names, MAP_SHARED or MAP_PRIVATE.

const U64_MAX = (1n << 64n) - 1n;

/** A byte count typed in decimal or 0x-hex, 0 .. 2^64 - 1; null when it is not one. */
export function parseBytes(text: string): bigint | null {
  const t = text.trim();
  if (!/^(\d{1,20}|0x[0-9a-fA-F]{1,16})$/.test(t)) return null;
  const v = BigInt(t);
  return v <= U64_MAX ? v : null;
}

const PROT_NAMES: Record<string, number> = { PROT_NONE: 0, PROT_READ, PROT_WRITE, PROT_EXEC };

/** "PROT_READ|PROT_WRITE" (or "PROT_NONE") to its bits; null for an unknown name. */
export function parseProt(text: string): number | null {
  let prot = 0;
  for (const name of text.split("|").map((s) => s.trim())) {
    const bits = Object.hasOwn(PROT_NAMES, name) ? PROT_NAMES[name] : undefined;
    if (bits === undefined) return null;
    prot |= bits;
  }
  return prot;
}

/** The bits as the C source would spell them. */
export function protName(prot: number): string {
  const names = [PROT_READ, PROT_WRITE, PROT_EXEC]
    .filter((b) => (prot & b) !== 0)
    .map((b) => Object.keys(PROT_NAMES).find((k) => PROT_NAMES[k] === b));
  return names.length === 0 ? "PROT_NONE" : names.join("|");
}

const bytesProp = (what: string) =>
  z.union([z.number().int().min(0), z.string()]).transform((v, ctx) => {
    const parsed = typeof v === "number" ? BigInt(v) : parseBytes(v);
    if (parsed === null) ctx.addIssue({ code: "custom", message: `${what} must be a byte count in decimal or 0x-hex` });
    return parsed ?? 0n;
  });

/** What the diagram starts from: the first request, the device, and the seed of the buffer's frames. */
export interface VmaConfig {
  request: MmapRequest;
  device: DeviceSetup;
  seed: string;
}

/**
 * `<VmaDiagram length="0x4000" offset="0x2000" prot="PROT_READ" flags="MAP_SHARED" buffer="read-only" fd="O_RDWR" />`.
 */
export const vmaPropsSchema = z
  .object({
    length: bytesProp("length").default(0x4000n),
    offset: bytesProp("offset").default(0x2000n),
    prot: z
      .string()
      .default("PROT_READ")
      .transform((v, ctx) => {
        const prot = parseProt(v);
        if (prot === null) ctx.addIssue({ code: "custom", message: "prot must be PROT_* names joined by |" });
        return prot ?? 0;
      }),
    flags: z.enum(["MAP_SHARED", "MAP_PRIVATE"]).default("MAP_SHARED"),
    buffer: z.enum(["read-only", "read-write"]).default("read-only"),
    fd: z.enum(["O_RDWR", "O_RDONLY"]).default("O_RDWR"),
    seed: z.string().min(1).max(64).default("vma-diagram"),
  })
  .strict()
  .transform((p): VmaConfig => ({
    request: { length: p.length, offset: p.offset, prot: p.prot, shared: p.flags === "MAP_SHARED" },
    device: { readonly: p.buffer === "read-only", fdWritable: p.fd === "O_RDWR" },
    seed: p.seed,
  }));

/** Parses MDX props into the first request, the device and the seed, or a message for the instructor. */
export function parseVmaProps(props: unknown): ({ ok: true } & VmaConfig) | { ok: false; message: string } {
  const parsed = parseWidgetProps(vmaPropsSchema, props);
  return parsed.ok ? { ok: true, ...parsed.config } : parsed;
}

const R = PROT_READ;
const RW = PROT_READ | PROT_WRITE;

interface VmaPreset {
  label: string;
  request: MmapRequest;
  /** The fd's mode the preset needs; null keeps the current one. */
  fdWritable: boolean | null;
}

// A shared, read-only request keeping the current fd, unless the options say otherwise.
const preset = (
  label: string,
  length: bigint,
  offset: bigint,
  { prot = R, shared = true, fdWritable = null }: { prot?: number; shared?: boolean; fdWritable?: boolean | null } = {},
): VmaPreset => ({ label, request: { length, offset, prot, shared }, fdWritable });

/** Requests worth trying, each named by what it shows (bug numbers are facts §4.6's). */
export const VMA_PRESETS: readonly VmaPreset[] = [
  preset("4 pages at page 2", 0x4000n, 0x2000n),
  preset("the whole buffer", 0x10000n, 0n),
  preset("exact fit at the end (must succeed)", 0x1000n, 0xf000n),
  preset("one page past the end (B6)", 0x2000n, 0xf000n),
  preset("offset = 16 pages (B3)", 0x1000n, 0x10000n),
  preset("0xF0000000 bytes (B2, map everything)", 0xf0000000n, 0n),
  preset("PROT_WRITE on a read-only buffer (B9)", 0x1000n, 0n, { prot: RW, fdWritable: true }),
  preset("MAP_PRIVATE (B10)", 0x1000n, 0n, { shared: false }),
  preset("MAP_SHARED of an O_RDONLY fd (must succeed)", 0x2001n, 0x3000n, { fdWritable: false }),
  preset("unaligned offset", 0x1000n, 0x100n),
  preset("offset -4096", 0x2000n, 0xfffffffffffff000n),
];
