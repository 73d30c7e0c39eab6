import { z } from "zod";
import { caseInputOf } from "../../../../../kit/walk-spec";
import { CR0_WP, CR4_PSE, CR4_SMAP, CR4_SMEP } from "../../../../../../sim/index";

// A case's input as the host builds it and the adapter reads it: the address, the access, and the registers that
// differ from the fixture's (cr0, cr3, cr4 default to the fixture's meta; ac, user, implicit to false).

const u32 = z.number().int().min(0).max(0xffffffff);

export const walkInputSchema = z
  .object({
    va: u32,
    access: z.enum(["read", "write", "exec"]),
    /** CPL 3. Always given, so that every message can say who accessed. */
    user: z.boolean(),
    ac: z.boolean().optional(),
    /** Only ever set for supervisor accesses in this exercise. */
    implicit: z.boolean().optional(),
    cr0: u32.optional(),
    cr3: u32.optional(),
    cr4: u32.optional(),
  })
  .strict();
export type WalkInput = z.infer<typeof walkInputSchema>;

const INPUT_KEYS = ["va", "access", "user", "ac", "implicit", "cr0", "cr3", "cr4"] as const;
const isU32 = (value: unknown) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffffffff;
const isOptional = (value: unknown, valid: (value: unknown) => boolean) => value === undefined || valid(value);
const isBoolean = (value: unknown) => typeof value === "boolean";

/**
 * The input as plain JSON for a CaseWire, without the optional fields left undefined, in the schema's key order.
 * Checked by hand against walkInputSchema's rules (hundreds of cases per submission: a zod parse each cost more than
 * the rest of a case); a malformed input is a bug in the checks and throws.
 */
export function toCaseInput(input: WalkInput): Record<string, unknown> {
  const valid =
    isU32(input.va) &&
    (input.access === "read" || input.access === "write" || input.access === "exec") &&
    isBoolean(input.user) &&
    isOptional(input.ac, isBoolean) &&
    isOptional(input.implicit, isBoolean) &&
    isOptional(input.cr0, isU32) &&
    isOptional(input.cr3, isU32) &&
    isOptional(input.cr4, isU32);
  return caseInputOf("walk-32", input, INPUT_KEYS, valid);
}

/** "Walking 0xc0101234 for a user write" plus the registers the case sets, in the learner's terms. */
export function describeWalk(input: WalkInput): string {
  const who = input.implicit ? "an implicit kernel" : input.user ? "a user" : "a kernel";
  const conditions: string[] = [];
  if (input.cr0 !== undefined) conditions.push(`CR0.WP = ${input.cr0 & CR0_WP ? 1 : 0}`);
  if (input.cr4 !== undefined) {
    conditions.push(`CR4.PSE = ${input.cr4 & CR4_PSE ? 1 : 0}`);
    if (input.cr4 & CR4_SMEP) conditions.push("CR4.SMEP = 1");
    if (input.cr4 & CR4_SMAP) conditions.push("CR4.SMAP = 1");
  }
  if (input.ac) conditions.push("EFLAGS.AC = 1");
  const when = conditions.length > 0 ? ` with ${conditions.join(", ")}` : "";
  const what = input.access === "exec" ? "instruction fetch" : input.access;
  return `Walking ${hex32(input.va)} for ${who} ${what}${when}`;
}

/** 0x-prefixed, 8 hex digits: how addresses and entries are written throughout the course. */
export function hex32(value: number): string {
  return "0x" + (value >>> 0).toString(16).padStart(8, "0");
}
