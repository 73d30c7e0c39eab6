import { z } from "zod";
import { BUF_PAGES, PAGE } from "./spec-ring";
import { EINVAL, EPERM, MAP_PRIVATE, MAP_SHARED, PROT_EXEC, PROT_READ, PROT_WRITE } from "../../../../../../sim/index";

// A case's input: one mmap(2) call on the ring's device node, as the host builds it and the adapter reads it. Lengths
// and offsets are unsigned 64-bit values in 0x-hex (an attacker picks any of them); `level: "vma"` hands the
// handler a VMA built as mmap_region would, without do_mmap's checks (facts §4.6 B4: pre-4.17 kernels had no
// file_mmap_ok limit).

export { BUF_PAGES, PAGE, MAP_PRIVATE, MAP_SHARED, PROT_EXEC, PROT_READ, PROT_WRITE };

const hex64 = z.string().regex(/^0x[0-9a-f]{1,16}$/);

export const mmapInputSchema = z
  .object({
    len: hex64,
    off: hex64,
    prot: z.number().int().min(0).max(7),
    flags: z.union([z.literal(MAP_SHARED), z.literal(MAP_PRIVATE)]),
    fd: z.enum(["O_RDWR", "O_RDONLY"]),
    level: z.enum(["syscall", "vma"]),
  })
  .strict();
export type MmapInput = z.infer<typeof mmapInputSchema>;

/** Builds a case input (checkGroup validates it); numbers must be exact (below 2^53), bigger values come as bigints. */
export function request(
  len: bigint | number,
  off: bigint | number,
  options: { prot?: number; flags?: number; fd?: MmapInput["fd"]; level?: MmapInput["level"] } = {},
): MmapInput {
  const flags = options.flags === MAP_PRIVATE ? MAP_PRIVATE : MAP_SHARED;
  return {
    len: hex(len),
    off: hex(off),
    prot: options.prot ?? PROT_READ,
    flags,
    fd: options.fd ?? "O_RDWR",
    level: options.level ?? "syscall",
  };
}

export function hex(value: bigint | number): string {
  return "0x" + BigInt.asUintN(64, BigInt(value)).toString(16);
}

/** The ring's pages the request asks for: vm_pgoff and vma_pages, as the handler will see them. */
export function requestedPages(input: MmapInput): { pgoff: bigint; npages: bigint } {
  const len = BigInt(input.len);
  return { pgoff: BigInt(input.off) >> 12n, npages: (len + BigInt(PAGE) - 1n) >> 12n };
}

/** A rule of the ring's mmap contract the request breaks, with the errno the handler must answer it with. */
export interface Violation {
  rule: "private" | "write" | "exec" | "range";
  errno: number;
}

/**
 * Every rule the request breaks (the prompt's contract): MAP_PRIVATE -EINVAL; PROT_WRITE or PROT_EXEC -EPERM; pages
 * outside the 16-page ring -EINVAL. A request breaking several may be refused with the errno of any of them.
 */
export function violations(input: MmapInput): Violation[] {
  const out: Violation[] = [];
  if (input.flags === MAP_PRIVATE) out.push({ rule: "private", errno: EINVAL });
  if ((input.prot & PROT_WRITE) !== 0) out.push({ rule: "write", errno: EPERM });
  if ((input.prot & PROT_EXEC) !== 0) out.push({ rule: "exec", errno: EPERM });
  const { pgoff, npages } = requestedPages(input);
  if (pgoff >= BigInt(BUF_PAGES) || npages > BigInt(BUF_PAGES) - pgoff) out.push({ rule: "range", errno: EINVAL });
  return out;
}

const FLAG_TEXT: Record<number, string> = { [MAP_SHARED]: "MAP_SHARED", [MAP_PRIVATE]: "MAP_PRIVATE" };

function protText(prot: number): string {
  const names = [
    [PROT_READ, "PROT_READ"],
    [PROT_WRITE, "PROT_WRITE"],
    [PROT_EXEC, "PROT_EXEC"],
  ] as const;
  return (
    names
      .filter(([bit]) => (prot & bit) !== 0)
      .map(([, n]) => n)
      .join("|") || "PROT_NONE"
  );
}

/** "mmap(len 0x2000, PROT_READ, MAP_SHARED, offset 0x3000) on an O_RDWR fd" */
export function describeRequest(input: MmapInput): string {
  const how = input.level === "vma" ? " (handed to your handler as a VMA, without do_mmap's checks)" : "";
  return `mmap(len ${input.len}, ${protText(input.prot)}, ${FLAG_TEXT[input.flags] ?? input.flags}, offset ${input.off}) on an ${input.fd} fd${how}`;
}
