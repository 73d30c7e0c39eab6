import type { FixtureWire } from "../../../../../../contract/exercise";
import {
  bytesToHex,
  inputChecks,
  isRecord,
  isWholeNumber,
  requireReturnedNumber,
} from "../../../../../kit/adapter-values";
import { defineAdapter } from "../../../../../kit/define-adapter";
import {
  accessOk,
  copyToUser,
  createRng,
  type Mm,
  TASK_SIZE_MAX,
  VM_READ,
  VM_WRITE,
  VM_EXEC,
  buildUserSpace,
  parseUserSpace,
  type UserSpacePte,
  type UserSpaceVma,
} from "../../../../../../sim/index";

// Runs in the sandbox beside the learner's code: rebuilds the user address space for every case (so a fault one
// case resolves never helps the next), builds the device's buffer, hands the learner copy_to_user on that space and
// returns plain data: the return value, the new *ppos and exactly which user bytes were stored. Only sim/ and the
// kit's pure helpers are imported at run time.

/** A VMA of the process: [start, end) with PROT_* bits; anonymous and private. */
export type SpaceVma = UserSpaceVma;

/** A present PTE: the user page at `va` maps frame `pfn`; `writable: false` in a writable VMA is a COW page. */
export type SpacePte = UserSpacePte;

/** The device: `size` bytes of data generated from `seed`, in an allocation rounded up to whole pages. */
export interface DeviceMeta {
  seed: string;
  size: number;
}

/** The fixture's meta: the VMAs, the present pages, CR4.SMAP and the device. */
export interface ReadMeta {
  vmas: SpaceVma[];
  ptes: SpacePte[];
  smap: boolean;
  device: DeviceMeta;
}

/** The kernel API the learner's read() gets, with the kernel's names. */
export interface Kernel {
  /** copy_to_user(to, from, n): stores from[0..n) at the user address `to`; returns the bytes NOT copied. */
  copy_to_user(to: bigint, from: Uint8Array, n: number): number;
  /** access_ok(ptr, n), today's x86-64 rule: [ptr, ptr + n) is in user space without wrapping. Range only. */
  access_ok(ptr: bigint, n: number): boolean;
}

/** The driver's state, reached through file->private_data: `size` valid bytes at the start of `data`. */
export interface DevBuffer {
  data: Uint8Array;
  size: number;
}

/** struct file, reduced to what this read() needs. */
export interface DevFile {
  private_data: DevBuffer;
}

/** loff_t *ppos: the file position, read and written as `ppos.pos`. */
export interface Loff {
  pos: number;
}

/** User bytes stored at `at` (0x-hex), as hex. */
export interface StoredRun {
  at: string;
  hex: string;
}

/** What a case returns to the host. */
export interface ReadAnswer {
  /** What read() returned: bytes read, 0, or a negative errno. */
  returned: number;
  /** ppos.pos afterwards. */
  pos: number;
  /** Every user byte copy_to_user stored, merged into runs of consecutive addresses, lowest first. */
  stored: StoredRun[];
  /** The first copy_to_user that stopped short: the first byte it could not store, and why. Not judged. */
  fault: { at: string; reason: string } | null;
  /** dev.size, for messages. Not judged. */
  size: number;
}

/** The allocation past dev.size holds this byte: not device data, and it must never reach user space. */
export const STALE_BYTE = 0xaa;

type DevRead = (k: Kernel, file: DevFile, buf: bigint, count: number, ppos: Loff) => unknown;

interface PreparedRead {
  wire: FixtureWire;
  meta: ReadMeta;
  /** Never written: each case hands read() a copy. */
  device: Uint8Array;
  /** A fresh address space built (and so validated) by prepare, for the first case that touches user memory. */
  spare: Mm | null;
}

/**
 * Reads the fixture and builds the device's buffer once; the address space is rebuilt from it per case, and only
 * for a case whose read() touches user memory.
 */
function prepare(fixture: FixtureWire): PreparedRead {
  const meta = requireMeta(fixture.meta);
  return { wire: fixture, meta, device: sharedDeviceBytes(meta.device), spare: buildUserSpace(meta, fixture, WHO) };
}

// The hidden checks' small processes all carry the same device: generating its bytes once per submission, not once
// per check, saves a seeded draw per byte. The buffer is shared read-only (call() copies it for each case).
let lastDevice: { seed: string; size: number; bytes: Uint8Array } | null = null;
function sharedDeviceBytes(device: DeviceMeta): Uint8Array {
  if (lastDevice === null || lastDevice.seed !== device.seed || lastDevice.size !== device.size) {
    lastDevice = { seed: device.seed, size: device.size, bytes: deviceBytes(device) };
  }
  return lastDevice.bytes;
}

/** The case's own fresh address space: prepare's spare the first time, then a new one each time. */
function takeMm(prepared: PreparedRead): Mm {
  const spare = prepared.spare;
  if (spare === null) return buildUserSpace(prepared.meta, prepared.wire, WHO);
  prepared.spare = null;
  return spare;
}

/** The device's allocation: `size` printable bytes from the seed, then STALE_BYTE up to a whole number of pages. */
export function deviceBytes(device: DeviceMeta): Uint8Array {
  const rng = createRng(`read-syscall device:${device.seed}`);
  const capacity = Math.max(4096, Math.ceil(device.size / 4096) * 4096);
  const data = new Uint8Array(capacity).fill(STALE_BYTE);
  for (let i = 0; i < device.size; i++) data[i] = rng.int(0x20, 0x7e);
  return data;
}

const WHO = "read-syscall adapter";
const { describe, requireHex64, requireInteger } = inputChecks(WHO);

/** A fresh mm for the fixture: its VMAs mapped, its present pages holding the fixture's bytes, nothing else. */
export function buildMm(fixture: FixtureWire): Mm {
  return buildUserSpace(requireMeta(fixture.meta), fixture, WHO);
}

/** Why a kernel store at `addr` ends in the fixup, in the learner's words. */
export function faultReason(mm: Mm, addr: bigint, accessOkFailed: boolean): string {
  if (accessOkFailed) return "is not a user address range (access_ok fails)";
  if (addr >= BigInt(TASK_SIZE_MAX)) return "is not in user space";
  const vma = mm.findVma(Number(addr));
  if (vma === null) return "is unmapped (no VMA)";
  if ((vma.vm_flags & (VM_READ | VM_WRITE | VM_EXEC)) === 0) return "is PROT_NONE";
  if ((vma.vm_flags & VM_WRITE) === 0) return "is read-only (its VMA has no VM_WRITE)";
  return "cannot be faulted in";
}

/**
 * Calls the learner's read(k, file, buf, count, ppos) for one case ({ buf: "0x...", count, pos }) on a fresh address
 * space and a fresh copy of the device. Throws a learner-readable Error for a malformed answer or a kernel over-read.
 */
function call(devRead: DevRead, prepared: PreparedRead, input: Record<string, unknown>): ReadAnswer {
  const buf = requireHex64(input.buf, "input buf", "a 0x-hex 64-bit pointer");
  const count = requireWhole(input.count, "count", 0);
  const pos = requireWhole(input.pos, "pos", -(2 ** 40));
  let built: Mm | null = null;
  const space = (): Mm => (built ??= takeMm(prepared));
  const smap = prepared.meta.smap;
  const runs: { at: number; bytes: Uint8Array }[] = [];
  // Twice the allocation is more than any read of this device stores: a runaway loop (and it keeps the answer small).
  const maxStored = 2 * prepared.device.length;
  let storedTotal = 0;
  let fault: ReadAnswer["fault"] = null;
  const k: Kernel = {
    copy_to_user(to: bigint, from: Uint8Array, n: number): number {
      if (typeof to !== "bigint")
        throw new Error(`k.copy_to_user takes a bigint user pointer (buf), got ${describe(to)}`);
      if (!(from instanceof Uint8Array))
        throw new Error(`k.copy_to_user copies from a Uint8Array, got ${describe(from)}`);
      if (!isWholeNumber(n, 0)) {
        throw new Error(`k.copy_to_user takes a length in bytes (a whole number >= 0), got ${describe(n)}`);
      }
      if (n > from.length) {
        throw new Error(
          `k.copy_to_user(buf, from, ${n}): from holds only ${from.length} bytes, so the copy would read past the end of ` +
            "the kernel buffer and hand user space whatever kernel memory follows it. Clamp count to what is left first.",
        );
      }
      const user = BigInt.asUintN(64, to);
      const mm = space();
      const left = copyToUser(mm, user, from, n, { smap });
      const done = n - left;
      if (done > 0) {
        storedTotal += done;
        if (storedTotal > maxStored) {
          throw new Error(
            `read() stored ${storedTotal} bytes in user memory, more than twice the device's allocation: a runaway loop`,
          );
        }
        runs.push({ at: Number(user), bytes: from.slice(0, done) });
      }
      if (left > 0 && fault === null) {
        const at = user + BigInt(done);
        fault = { at: "0x" + BigInt.asUintN(64, at).toString(16), reason: faultReason(mm, at, !accessOk(user, n)) };
      }
      return left;
    },
    access_ok(ptr: bigint, n: number): boolean {
      if (typeof ptr !== "bigint") throw new Error(`k.access_ok takes a bigint pointer, got ${describe(ptr)}`);
      if (!isWholeNumber(n, 0)) {
        throw new Error(`k.access_ok takes a length in bytes (a whole number >= 0), got ${describe(n)}`);
      }
      return accessOk(ptr, n);
    },
  };
  const file: DevFile = { private_data: { data: prepared.device.slice(), size: prepared.meta.device.size } };
  const ppos: Loff = { pos };
  const returned = requireReturnedNumber(devRead(k, file, buf, count, ppos), {
    fn: "read()",
    returning: "a number",
    mustReturn: "the bytes read or a negative errno (a whole number)",
  });
  if (typeof ppos.pos !== "number" || !Number.isSafeInteger(ppos.pos)) {
    throw new Error(`ppos.pos must stay a whole number (the file position), but it is now ${describe(ppos.pos)}`);
  }
  return { returned, pos: ppos.pos, stored: mergeRuns(runs), fault, size: prepared.meta.device.size };
}

export const adapter = defineAdapter({ prepare, call });

/** The stored bytes as runs of consecutive addresses, later stores winning, independent of how many calls made them. */
export function mergeRuns(runs: readonly { at: number; bytes: Uint8Array }[]): StoredRun[] {
  if (runs.length === 0) return [];
  const only = runs[0];
  if (runs.length === 1 && only !== undefined)
    return [{ at: "0x" + only.at.toString(16), hex: bytesToHex(only.bytes) }];
  const byAddress = new Map<number, number>();
  for (const run of runs) run.bytes.forEach((b, i) => byAddress.set(run.at + i, b));
  const addresses = [...byAddress.keys()].sort((a, b) => a - b);
  const merged: StoredRun[] = [];
  let start = 0;
  for (let i = 1; i <= addresses.length; i++) {
    const prev = addresses[i - 1] ?? 0;
    if (i < addresses.length && addresses[i] === prev + 1) continue;
    const first = addresses[start] ?? 0;
    const bytes = Uint8Array.from(addresses.slice(start, i), (a) => byAddress.get(a) ?? 0);
    merged.push({ at: "0x" + first.toString(16), hex: bytesToHex(bytes) });
    start = i;
  }
  return merged;
}

function requireWhole(value: unknown, what: string, min: number): number {
  return requireInteger(value, `input ${what}`, `a whole number in [${min}, 2^40]`, min, 2 ** 40);
}

function requireMeta(meta: Record<string, unknown>): ReadMeta {
  const { smap, device } = meta;
  if (typeof smap !== "boolean") throw new Error(`${WHO}: fixture meta needs vmas, ptes, smap and device`);
  const dev = requireRecord(device, "device");
  if (typeof dev.seed !== "string") throw new Error(`${WHO}: device seed must be a string`);
  return {
    ...parseUserSpace(meta, WHO),
    smap,
    device: { seed: dev.seed, size: requireNumber(dev.size, "device size") },
  };
}

function requireRecord(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) throw new Error(`read-syscall adapter: bad ${what} in fixture meta`);
  return value;
}

function requireNumber(value: unknown, what: string): number {
  return requireInteger(value, what, "a whole number >= 0");
}
