import type { FixtureWire } from "../../../../../../contract/exercise";
import { bytesToHex, inputChecks, isWholeNumber, requireReturnedNumber } from "../../../../../kit/adapter-values";
import { defineAdapter } from "../../../../../kit/define-adapter";
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
// case resolves never help the next), hands the learner a small kernel API, and returns plain data. Only sim/ and
// the kit's pure helpers are imported at run time.

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

interface PreparedSpace {
  wire: FixtureWire;
  meta: SpaceMeta;
  /** A fresh address space built (and so validated) by prepare, for the first case that touches user memory. */
  spare: Mm | null;
}

const WHO = "copy-from-user adapter";
const PAGE_SIZE = 4096;
const TASK_SIZE_MAX_BIG = BigInt(TASK_SIZE_MAX);
const { describe, requireHex64, requireInteger } = inputChecks(WHO);

/**
 * Reads the space's description once; the address space itself is rebuilt from it for every case that touches user
 * memory (a copy refused by access_ok, or of 0 bytes, needs none).
 */
function prepare(fixture: FixtureWire): PreparedSpace {
  const meta = requireMeta(fixture.meta);
  return { wire: fixture, meta, spare: buildUserSpace(meta, fixture, WHO) };
}

/** The case's own fresh address space: prepare's spare the first time, then a new one each time. */
function takeMm(prepared: PreparedSpace): Mm {
  const spare = prepared.spare;
  if (spare === null) return buildUserSpace(prepared.meta, prepared.wire, WHO);
  prepared.spare = null;
  return spare;
}

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
function call(copyFromUser: CopyFromUser, prepared: PreparedSpace, input: Record<string, unknown>): CopyAnswer {
  const from = requireHex64(input.from, "input from", "a 0x-hex 64-bit pointer");
  const n = requireInteger(input.n, "input n", "a length 0..16384", 0, 16384);
  let built: Mm | null = null;
  const space = (): Mm => (built ??= takeMm(prepared));
  const who = { fromUser: false, smap: prepared.meta.smap, ac: true, hasExtable: true };
  let userReads = 0;
  let firstFault: CopyAnswer["firstFault"] = null;
  // The page the last access reached, and its live bytes. A copy reads byte after byte of one page, and only a
  // fault changes the address space, so a read on the same page gets what touchUser would answer, without the walk.
  // Every call of touchUser replaces it (a failed one clears it): the page is always the latest access's.
  // It is kept as the user addresses [lastStart, lastStart + 4096) (below TASK_SIZE_MAX < 2^53, so a bigint's Number
  // falls in it exactly when the bigint does); an empty range when there is none.
  let lastStart = 1;
  let lastEnd = 0;
  let lastBytes: Uint8Array = new Uint8Array(0);
  const k: UserAccess = {
    accessOk(ptr: bigint, size: number): boolean {
      if (typeof ptr !== "bigint") throw new Error(`k.accessOk takes a bigint pointer, got ${describe(ptr)}`);
      if (!isWholeNumber(size, 0)) {
        throw new Error(`k.accessOk takes a length in bytes (a whole number >= 0), got ${describe(size)}`);
      }
      return accessOk(ptr, size);
    },
    userByte(ptr: bigint): number | "fault" {
      if (typeof ptr !== "bigint") {
        throw new Error(`k.userByte takes a bigint pointer (write from + BigInt(i)), got ${describe(ptr)}`);
      }
      userReads++;
      const at = Number(ptr);
      if (at >= lastStart && at < lastEnd) return lastBytes[at - lastStart] ?? 0;
      const addr = BigInt.asUintN(64, ptr);
      const access = touchUser(space(), addr, false, who);
      if (!access.ok) {
        lastStart = 1;
        lastEnd = 0;
        firstFault ??= { at: "0x" + addr.toString(16), reason: faultReason(space(), addr) };
        return "fault";
      }
      if (addr < TASK_SIZE_MAX_BIG) {
        lastStart = Math.floor(Number(addr) / PAGE_SIZE) * PAGE_SIZE;
        lastEnd = lastStart + PAGE_SIZE;
      } else {
        lastStart = 1;
        lastEnd = 0;
      }
      lastBytes = access.bytes;
      return access.bytes[access.offset] ?? 0;
    },
  };
  const to = new Uint8Array(n + GUARD_BYTES).fill(STALE_BYTE);
  const notCopied = requireReturnedNumber(copyFromUser(k, to, from, n), {
    fn: "copyFromUser",
    returning: "a number",
    mustReturn: "the number of bytes not copied (a whole number)",
    isWhole: Number.isInteger,
  });
  return { notCopied, dest: bytesToHex(to), userReads, firstFault };
}

export const adapter = defineAdapter({ prepare, call });

function requireMeta(meta: Record<string, unknown>): SpaceMeta {
  if (typeof meta.smap !== "boolean") throw new Error(`${WHO}: fixture meta needs vmas, ptes and smap`);
  return { ...parseUserSpace(meta, WHO), smap: meta.smap };
}
