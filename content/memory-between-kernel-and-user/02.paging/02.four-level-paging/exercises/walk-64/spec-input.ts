import { z } from "zod";
import { caseInputOf } from "../../../../../kit/walk-spec";
import {
  CR0_WP,
  CR4_SMAP,
  CR4_SMEP,
  EFER_NXE,
  PAGING_FORMAT_BY_ID,
  type PagingLevel,
} from "../../../../../../sim/index";

// A case's input as the host builds it and the adapter reads it: the address (0x-hex: it does not fit a JSON
// number), the access, who accesses, and the registers that differ from the fixture's.

const u32 = z.number().int().min(0).max(0xffffffff);
const VA_PATTERN = /^0x[0-9a-f]{1,16}$/;

export const walkInputSchema = z
  .object({
    va: z.string().regex(VA_PATTERN),
    access: z.enum(["read", "write", "exec"]),
    /** CPL 3. Always given, so that every message can say who accessed. */
    user: z.boolean(),
    ac: z.boolean().optional(),
    /** Only ever set for supervisor accesses in this exercise. */
    implicit: z.boolean().optional(),
    cr0: u32.optional(),
    cr4: u32.optional(),
    efer: u32.optional(),
    maxPhyAddr: z.number().int().min(32).max(52).optional(),
  })
  .strict();
export type WalkInput = z.infer<typeof walkInputSchema>;

const INPUT_KEYS = ["va", "access", "user", "ac", "implicit", "cr0", "cr4", "efer", "maxPhyAddr"] as const;
const isU32 = (value: unknown) =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
const isOptional = (value: unknown, valid: (value: unknown) => boolean) => value === undefined || valid(value);
const isBoolean = (value: unknown) => typeof value === "boolean";
const isMaxPhyAddr = (value: unknown) =>
  typeof value === "number" && Number.isInteger(value) && value >= 32 && value <= 52;

/**
 * The input as plain JSON for a CaseWire, without the optional fields left undefined, in the schema's key order.
 * Checked by hand against walkInputSchema's rules (a zod parse per case cost more than the case); a malformed input
 * is a bug in the checks and throws.
 */
export function toCaseInput(input: WalkInput): Record<string, unknown> {
  const valid =
    VA_PATTERN.test(input.va) &&
    (input.access === "read" || input.access === "write" || input.access === "exec") &&
    isBoolean(input.user) &&
    isOptional(input.ac, isBoolean) &&
    isOptional(input.implicit, isBoolean) &&
    isOptional(input.cr0, isU32) &&
    isOptional(input.cr4, isU32) &&
    isOptional(input.efer, isU32) &&
    isOptional(input.maxPhyAddr, isMaxPhyAddr);
  return caseInputOf("walk-64", input, INPUT_KEYS, valid);
}

/** A VA as the case input holds it: 0x and 16 lowercase hex digits (two's complement for a negative bigint). */
export function vaHex(va: bigint): string {
  return "0x" + BigInt.asUintN(64, va).toString(16).padStart(16, "0");
}

/** "Walking 0xffff888000001234 for a user write" plus the registers the case sets, in the learner's terms. */
export function describeWalk(input: WalkInput): string {
  const who = input.implicit ? "an implicit kernel" : input.user ? "a user" : "a kernel";
  const conditions: string[] = [];
  if (input.cr0 !== undefined) conditions.push(`CR0.WP = ${input.cr0 & CR0_WP ? 1 : 0}`);
  if (input.cr4 !== undefined)
    conditions.push(`CR4.SMEP = ${input.cr4 & CR4_SMEP ? 1 : 0}`, `CR4.SMAP = ${input.cr4 & CR4_SMAP ? 1 : 0}`);
  if (input.efer !== undefined) conditions.push(`EFER.NXE = ${input.efer & EFER_NXE ? 1 : 0}`);
  if (input.ac) conditions.push("EFLAGS.AC = 1");
  if (input.maxPhyAddr !== undefined) conditions.push(`MAXPHYADDR = ${input.maxPhyAddr}`);
  const when = conditions.length > 0 ? ` with ${conditions.join(", ")}` : "";
  const what = input.access === "exec" ? "instruction fetch" : input.access;
  return `Walking ${vaHex(BigInt(input.va))} for ${who} ${what}${when}`;
}

/** The four 9-bit indices and the offset of a canonical VA, as the lesson writes them (sim's 4-level geometry). */
export function splitIndices(va: bigint): { pml4: number; pdpt: number; pd: number; pt: number; offset: number } {
  const [pml4, pdpt, pd, pt] = PAGING_FORMAT_BY_ID["4-level"].levels;
  const at = (level: PagingLevel) =>
    Number((va >> BigInt(level.loBit)) & ((1n << BigInt(level.hiBit - level.loBit + 1)) - 1n));
  return {
    pml4: at(pml4),
    pdpt: at(pdpt),
    pd: at(pd),
    pt: at(pt),
    offset: Number(va & ((1n << BigInt(pt.loBit)) - 1n)),
  };
}
