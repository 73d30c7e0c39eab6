import type { ExerciseAdapter, FixtureWire } from "../../../../../../contract/exercise";
import {
  accessOk,
  type Mm,
  TASK_SIZE_MAX,
  touchUser,
  VM_EXEC,
  VM_READ,
  VM_WRITE,
  buildUserSpace,
  parseUserSpace,
  type UserSpace,
  type UserSpacePte,
  type UserSpaceVma,
} from "../../../../../../sim/index";

// Runs in the sandbox beside the learner's code: rebuilds the user address space for every case (so faults one
// case resolves never help the next), hands the learner a small kernel API, and returns plain data. Only sim/ is
// imported at run time (the kit import is types only and vanishes when bundled).

/** A VMA of the seeded space: [start, end) with PROT_* bits; anonymous and private. */
export type SpaceVma = UserSpaceVma;

/** A present PTE: the user page at `va` maps frame `pfn` (its bytes travel in the fixture). */
export type SpacePte = UserSpacePte;

/** The fixture's meta: the VMAs, the present pages, and CR4.SMAP (the copy runs inside STAC either way). */
export interface SpaceMeta extends UserSpace {
  smap: boolean;
}

/** What the learner's copyFromUser gets to work with: the kernel's side of the boundary. */
export interface UserAccess {
  /** access_ok(ptr, n), today's x86-64 rule: the range [ptr, ptr + n) is in user space without wrapping. Range only. */
  accessOk(ptr: bigint, n: number): boolean;
  /** One user byte, read inside STAC with an exception-table entry: the byte, or "fault" when the fixup ran. */
  userByte(ptr: bigint): number | "fault";
}

/** What a case returns to the host. */
export interface CopyAnswer {
  /** What the learner's copyFromUser returned: the bytes NOT copied. */
  notCopied: number;
  /** The kernel buffer afterwards as hex: n bytes plus GUARD_BYTES past them. It starts filled with STALE_BYTE. */
  dest: string;
  /** How many times userByte was called. */
  userReads: number;
  /** The first user address whose read faulted (0x-hex), and why, or null. */
  firstFault: { at: string; reason: string } | null;
}

/** The kernel buffer starts with this byte everywhere: stale kernel memory that must never reach the caller. */
export const STALE_BYTE = 0xaa;
/** Bytes past to[n - 1] in the buffer, which copyFromUser must leave alone. */
export const GUARD_BYTES = 8;

type CopyFromUser = (k: UserAccess, to: Uint8Array, from: bigint, n: number) => unknown;

class PreparedSpace {
  constructor(
    readonly wire: FixtureWire,
    readonly meta: SpaceMeta,
  ) {}
}

/** Reads the space's description; the address space itself is rebuilt for every case by buildMm(). */
function prepare(fixture: FixtureWire): PreparedSpace {
  return new PreparedSpace(fixture, requireMeta(fixture.meta));
}

const WHO = "copy-from-user adapter";

/** A fresh mm for the fixture: its VMAs mapped, its present pages holding the fixture's bytes, nothing else. */
export function buildMm(fixture: FixtureWire): Mm {
  return buildUserSpace(requireMeta(fixture.meta), fixture, WHO);
}

/** Why a kernel read at `addr` ends in the fixup, in the learner's words. */
export function faultReason(mm: Mm, addr: bigint): string {
  if (addr >= BigInt(TASK_SIZE_MAX)) return "is not in user space";
  const vma = mm.findVma(Number(addr));
  if (vma === null) return "is unmapped (no VMA)";
  if ((vma.vm_flags & (VM_READ | VM_WRITE | VM_EXEC)) === 0) return "is PROT_NONE (its VMA allows no access)";
  return "cannot be faulted in";
}

/**
 * Calls the learner's copyFromUser(k, to, from, n) for one case ({ from: "0x...", n }) on a fresh address space
 * and a kernel buffer of n + GUARD_BYTES stale bytes. Throws a learner-readable Error for a malformed answer.
 */
function call(entry: (...args: never[]) => unknown, prepared: unknown, input: Record<string, unknown>): CopyAnswer {
  if (!(prepared instanceof PreparedSpace))
    throw new Error("copy-from-user adapter: call() needs what prepare() returned");
  const from = requirePointer(input.from);
  const n = requireLength(input.n);
  const mm = buildMm(prepared.wire);
  const who = { fromUser: false, smap: prepared.meta.smap, ac: true, hasExtable: true };
  let userReads = 0;
  let firstFault: CopyAnswer["firstFault"] = null;
  const k: UserAccess = {
    accessOk(ptr: bigint, size: number): boolean {
      if (typeof ptr !== "bigint") throw new Error(`k.accessOk takes a bigint pointer, got ${describe(ptr)}`);
      if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
        throw new Error(`k.accessOk takes a length in bytes (a whole number >= 0), got ${describe(size)}`);
      }
      return accessOk(ptr, size);
    },
    userByte(ptr: bigint): number | "fault" {
      if (typeof ptr !== "bigint") {
        throw new Error(`k.userByte takes a bigint pointer (write from + BigInt(i)), got ${describe(ptr)}`);
      }
      userReads++;
      const addr = BigInt.asUintN(64, ptr);
      const access = touchUser(mm, addr, false, who);
      if (!access.ok) {
        firstFault ??= { at: "0x" + addr.toString(16), reason: faultReason(mm, addr) };
        return "fault";
      }
      return access.bytes[access.offset] ?? 0;
    },
  };
  const to = new Uint8Array(n + GUARD_BYTES).fill(STALE_BYTE);
  // The kit types every entry as (...args: never[]) => unknown; this one is the learner's copyFromUser().
  const copyFromUser = entry as unknown as CopyFromUser;
  const returned = copyFromUser(k, to, from, n);
  return { notCopied: copyReturn(returned), dest: toHex(to), userReads, firstFault };
}

export const adapter: ExerciseAdapter = { prepare, call };

function copyReturn(value: unknown): number {
  if (typeof value === "object" && value !== null && "then" in value && typeof value.then === "function") {
    throw new Error("copyFromUser returned a Promise; make it a plain (not async) function returning a number");
  }
  if (typeof value === "bigint") throw new Error(`copyFromUser must return a number, not a bigint (${value}n)`);
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new Error(`copyFromUser must return the number of bytes not copied (a whole number), got ${describe(value)}`);
  }
  return value;
}

function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += (b < 16 ? "0" : "") + b.toString(16);
  return out;
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "object" && value !== null) return Array.isArray(value) ? "an array" : "an object";
  return String(value);
}

function requirePointer(value: unknown): bigint {
  if (typeof value !== "string" || !/^0x[0-9a-f]{1,16}$/.test(value)) {
    throw new Error(`copy-from-user adapter: input from must be a 0x-hex 64-bit pointer, got ${describe(value)}`);
  }
  return BigInt(value);
}

function requireLength(value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > 16384) {
    throw new Error(`copy-from-user adapter: input n must be a length 0..16384, got ${describe(value)}`);
  }
  return value;
}

function requireMeta(meta: Record<string, unknown>): SpaceMeta {
  if (typeof meta.smap !== "boolean") throw new Error(`${WHO}: fixture meta needs vmas, ptes and smap`);
  return { ...parseUserSpace(meta, WHO), smap: meta.smap };
}
