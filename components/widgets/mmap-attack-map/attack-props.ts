import { z } from "zod";
import { HANDLER_BUGS, type DriverBuffer, type HandlerBug } from "../../../sim/index";
import { parseBytes } from "../vma-diagram/vma-props";
import { megabytesProp, parseWidgetProps } from "../widget-props";

// The attack map's MDX attributes: which buggy handler, the driver's buffer (pages and first frame), where a
// cred_jar slab page sits, how much RAM the machine has, and the first request. Frame numbers and byte counts are
// decimal or 0x-hex, so a lesson can write the numbers the way the kernel prints them.

const PAGE = 4096;
const FRAMES_PER_MB = (1 << 20) / PAGE;
/** A PTE holds a 40-bit frame number (bits 12..51): nothing the widget draws can sit above it. */
const MAX_PFN = 2 ** 40 - 1;

/** The machine the requests run on: the handler under attack, its buffer, the cred page and the RAM size. */
export interface AttackSetup {
  bug: HandlerBug;
  buffer: DriverBuffer;
  /** The frame of a cred_jar slab page holding the process's struct cred. */
  credPfn: number;
  /** RAM is frames 0 .. ramFrames - 1; a frame past it is no memory at all. */
  ramFrames: number;
}

/** mmap(NULL, length, prot, MAP_SHARED, fd, offset) on the device, fd opened O_RDWR. */
export interface AttackRequest {
  length: bigint;
  offset: bigint;
  /** PROT_READ | PROT_WRITE (what an attacker who wants to rewrite a cred asks for), else PROT_READ. */
  writable: boolean;
}

/** How each handler is named in the widget (the bug classes of module 6's first lesson). */
export const HANDLER_LABELS: Record<HandlerBug, string> = {
  "raw-pfn": "raw PFN: the offset is the frame",
  "no-size-check": "no size check",
  "offset-not-checked": "offset not checked",
  "u32-byte-offset": "u32 byte-offset sum",
  "signed-offset": "signed int compare",
  "off-by-one": "off by one",
  "maywrite-not-cleared": "VM_MAYWRITE not cleared",
};

const frameProp = (what: string) =>
  z.union([z.number(), z.string()]).transform((v, ctx) => {
    const parsed = typeof v === "number" ? (Number.isInteger(v) && v >= 0 ? BigInt(v) : null) : parseBytes(v);
    if (parsed === null || parsed > BigInt(MAX_PFN)) {
      ctx.addIssue({ code: "custom", message: `${what} must be a frame number, decimal or 0x-hex, below 2^40` });
      return 0;
    }
    return Number(parsed);
  });

const bytesProp = (what: string) =>
  z.union([z.number(), z.string()]).transform((v, ctx) => {
    const parsed = typeof v === "number" ? (Number.isSafeInteger(v) && v >= 0 ? BigInt(v) : null) : parseBytes(v);
    if (parsed === null) ctx.addIssue({ code: "custom", message: `${what} must be a byte count in decimal or 0x-hex` });
    return parsed ?? 0n;
  });

const pagesProp = z
  .union([z.number(), z.string().trim().regex(/^\d+$/, "a whole number of pages").transform(Number)])
  .pipe(z.number().int().min(1).max(4096));

/** What the widget starts from. */
export interface AttackConfig {
  setup: AttackSetup;
  request: AttackRequest;
}

/**
 * `<MmapAttackMap bug="no-size-check" pages="16" pfn="0x2a40" cred="0x2a65" ram="256" length="0x11000" offset="0"
 * prot="PROT_READ|PROT_WRITE" />`.
 */
export const attackPropsSchema = z
  .object({
    bug: z.enum(HANDLER_BUGS).default("no-size-check"),
    pages: pagesProp.default(16),
    pfn: frameProp("pfn").default(0x2a40),
    cred: frameProp("cred").default(0x2a65),
    ram: megabytesProp(16, 65536).default(256),
    length: bytesProp("length").default(0x11000n),
    offset: bytesProp("offset").default(0n),
    prot: z.enum(["PROT_READ", "PROT_READ|PROT_WRITE"]).default("PROT_READ|PROT_WRITE"),
  })
  .strict()
  .superRefine((p, ctx) => {
    const ramFrames = p.ram * FRAMES_PER_MB;
    if (p.pfn + p.pages > ramFrames)
      ctx.addIssue({ code: "custom", path: ["pfn"], message: `the buffer must lie in RAM (${ramFrames} frames)` });
    if (p.cred >= ramFrames)
      ctx.addIssue({ code: "custom", path: ["cred"], message: `the cred page must lie in RAM (${ramFrames} frames)` });
    if (p.cred >= p.pfn && p.cred < p.pfn + p.pages)
      ctx.addIssue({ code: "custom", path: ["cred"], message: "the cred page cannot be one of the buffer's pages" });
  })
  .transform((p): AttackConfig => ({
    setup: {
      bug: p.bug,
      buffer: { bufPages: p.pages, bufPfn: p.pfn },
      credPfn: p.cred,
      ramFrames: p.ram * FRAMES_PER_MB,
    },
    request: { length: p.length, offset: p.offset, writable: p.prot === "PROT_READ|PROT_WRITE" },
  }));

/** Parses MDX props into the starting setup and request, or one message naming every bad attribute. */
export function parseAttackProps(props: unknown): ({ ok: true } & AttackConfig) | { ok: false; message: string } {
  const parsed = parseWidgetProps(attackPropsSchema, props);
  return parsed.ok ? { ok: true, ...parsed.config } : parsed;
}

/** A request worth trying, named by what it shows. */
export interface AttackPreset {
  label: string;
  length: bigint;
  offset: bigint;
}

/**
 * The requests module 6's first lesson discusses, sized for this buffer: they do not depend on the handler, so
 * which one a handler lets through is for the learner to predict.
 */
export function attackPresets(buffer: DriverBuffer): AttackPreset[] {
  const bytes = BigInt(buffer.bufPages * PAGE);
  const page = BigInt(PAGE);
  return [
    { label: "the whole buffer", length: bytes, offset: 0n },
    { label: "one page more than the buffer", length: bytes + page, offset: 0n },
    { label: "one page, just past the buffer", length: page, offset: bytes },
    { label: "0xf0000000 bytes at offset 0 (MWR's request)", length: 0xf0000000n, offset: 0n },
    { label: "2 pages at offset 0xfffff000 (a u32 sum wraps)", length: 2n * page, offset: 0xfffff000n },
    { label: "1 page at offset 2 GB (0x80000000 as an int)", length: page, offset: 0x80000000n },
  ];
}
