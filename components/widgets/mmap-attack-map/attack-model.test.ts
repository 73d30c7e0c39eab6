import { describe, expect, it } from "vitest";
import {
  buggyDriver,
  HANDLER_BUGS,
  MAP_SHARED,
  mmap,
  Mm,
  openDevice,
  PageAllocator,
  PhysicalMemory,
  PROT_READ,
  PROT_WRITE,
  type HandlerBug,
} from "../../../sim/index";
import { computeAttack, verdictOf, type AttackOutcome } from "./attack-model";
import type { AttackRequest, AttackSetup } from "./attack-props";

const P = 4096n;
// The lesson's machine: 256 MB of RAM, a 16-page buffer at pfn 0x2a40, a cred_jar page 37 frames after its start.
const setup = (bug: HandlerBug): AttackSetup => ({
  bug,
  buffer: { bufPages: 16, bufPfn: 0x2a40 },
  credPfn: 0x2a65,
  ramFrames: 256 * 256,
});
const req = (length: bigint, offset = 0n, writable = true): AttackRequest => ({ length, offset, writable });
const attack = (bug: HandlerBug, length: bigint, offset = 0n, writable = true) =>
  computeAttack(setup(bug), req(length, offset, writable));

function mapped(outcome: AttackOutcome) {
  if (outcome.stage !== "mapped") throw new Error(`expected a mapping, got ${outcome.stage}`);
  return outcome;
}

describe("an mmap request through a buggy handler", () => {
  it("no size check, 17 pages at offset 0: the buffer and the frame after it; the cred page is missed", () => {
    const out = mapped(attack("no-size-check", 17n * P));
    expect(out.frames).toEqual({ first: 0x2a40, count: 17 });
    expect(out.tally).toEqual({ inBuffer: 16, otherRam: 1, noRam: 0 });
    expect(out.credIndex).toBeNull();
    expect(out.vma).toMatchObject({ pgoff: 0, pages: 17 });
    expect(verdictOf(out)).toBe("misses");
  });

  it("no size check, MWR's 0xf0000000 bytes: 983,040 frames from the buffer, past the end of RAM, the cred page at index 37", () => {
    const out = mapped(attack("no-size-check", 0xf0000000n));
    expect(out.frames).toEqual({ first: 0x2a40, count: 0xf0000 });
    expect(out.tally).toEqual({ inBuffer: 16, otherRam: 0x10000 - 0x2a40 - 16, noRam: 0xf0000 - (0x10000 - 0x2a40) });
    expect(out.credIndex).toBe(37);
    expect(verdictOf(out)).toBe("reaches");
  });

  it("the handler's refusal carries its errno and its arithmetic (sim's decideBuggy)", () => {
    const out = attack("no-size-check", P, P);
    expect(out).toMatchObject({ stage: "handler", errno: 22, vma: { pgoff: 1, pages: 1 } });
    if (out.stage === "handler") expect(out.says.join(" ")).toContain("vm_pgoff = 0x1 != 0");
    expect(verdictOf(out)).toBe("refused");
  });

  it("the kernel's refusals never reach the handler, and say which check refused", () => {
    expect(attack("raw-pfn", P, 0x100n)).toEqual({
      stage: "kernel",
      errno: 22,
      reason: "-EINVAL: the offset 0x100 is not a multiple of 4096 (sys_mmap)",
    });
    expect(attack("raw-pfn", 0n)).toMatchObject({ stage: "kernel", reason: "-EINVAL: the length is 0 (do_mmap)" });
    expect(attack("offset-not-checked", 2n * P, 0xfffffffffffff000n)).toMatchObject({ stage: "kernel", errno: 75 });
  });

  it("raw PFN: the offset is the frame, so one page at the cred page's physical address maps it; a long window is refused", () => {
    const out = mapped(attack("raw-pfn", P, 0x2a65n * P));
    expect(out.frames).toEqual({ first: 0x2a65, count: 1 });
    expect(out.credIndex).toBe(0);
    expect(attack("raw-pfn", 17n * P, 0x2a65n * P)).toMatchObject({ stage: "handler", errno: 22 });
  });

  it("offset not checked: a buffer-sized window anywhere after the buffer", () => {
    const out = mapped(attack("offset-not-checked", 16n * P, 30n * P));
    expect(out.frames).toEqual({ first: 0x2a40 + 30, count: 16 });
    expect(out.credIndex).toBe(37 - 30);
    expect(out.tally).toEqual({ inBuffer: 0, otherRam: 16, noRam: 0 });
  });

  it("off by one: BUF_PAGES + 1 pages pass and the last is the frame after the buffer; one more page is refused", () => {
    expect(mapped(attack("off-by-one", 17n * P)).tally).toEqual({ inBuffer: 16, otherRam: 1, noRam: 0 });
    expect(mapped(attack("off-by-one", P, 16n * P)).frames).toEqual({ first: 0x2a50, count: 1 });
    expect(attack("off-by-one", 18n * P)).toMatchObject({ stage: "handler" });
    expect(attack("off-by-one", P, 17n * P)).toMatchObject({ stage: "handler" });
  });

  it("u32 sum: 2 pages at 0xfffff000 wrap to 0x1000 and map 4 GB past the buffer, past the end of 256 MB of RAM", () => {
    const out = mapped(attack("u32-byte-offset", 2n * P, 0xfffff000n));
    expect(out.frames).toEqual({ first: 0x2a40 + 0xfffff, count: 2 });
    expect(out.tally).toEqual({ inBuffer: 0, otherRam: 0, noRam: 2 });
    expect(out.says[0]).toContain("off + size = 0x1000 (in u32)");
    // A 4 GB length truncates to a u32 size of 0: the check passes and remap_pfn_range gets an empty range.
    expect(attack("u32-byte-offset", 1n << 32n)).toMatchObject({ stage: "remap", size: 0 });
  });

  it("signed: offset 2 GB is INT_MIN and passes; a 0xf0000000-byte length passes the check but sign-extends and remap refuses", () => {
    expect(mapped(attack("signed-offset", P, 0x80000000n)).frames).toEqual({ first: 0x2a40 + 0x80000, count: 1 });
    const out = attack("signed-offset", 0xf0000000n);
    expect(out).toMatchObject({ stage: "remap", size: 2 ** 64 - 0x10000000 });
    expect(verdictOf(out)).toBe("refused");
  });

  it("VM_MAYWRITE not cleared: PROT_WRITE is -EPERM; PROT_READ maps inside the buffer only", () => {
    expect(attack("maywrite-not-cleared", P)).toMatchObject({ stage: "handler", errno: 1 });
    expect(mapped(attack("maywrite-not-cleared", 16n * P, 0n, false)).tally).toEqual({
      inBuffer: 16,
      otherRam: 0,
      noRam: 0,
    });
    expect(attack("maywrite-not-cleared", 17n * P, 0n, false)).toMatchObject({ stage: "handler", errno: 22 });
  });
});

// The model leaves the VMA empty; sim's buggyDriver installs real PTEs through remap_pfn_range. They must agree on
// every request small enough to build: the same refusals (errno), and PTE i pointing to frame first + i.
describe("the model agrees with sim's buggyDriver and its PTEs", () => {
  function throughSim(bug: HandlerBug, request: AttackRequest) {
    const s = setup(bug);
    const mm = new Mm(new PageAllocator(new PhysicalMemory()));
    const file = openDevice(mm, buggyDriver(bug, s.buffer), { read: true, write: true });
    const prot = request.writable ? PROT_READ | PROT_WRITE : PROT_READ;
    const result = mmap(mm, 0, request.length, prot, MAP_SHARED, file, request.offset);
    if (!result.ok) return { ok: false as const, errno: result.errno };
    const pfns: number[] = [];
    for (let va = result.vma.vm_start; va < result.vma.vm_end; va += 4096) {
      const pte = mm.findPte(va);
      if (pte !== null) pfns.push(pte.pfn);
    }
    return { ok: true as const, pfns };
  }

  const lengths = [
    0n,
    1n,
    P,
    2n * P,
    15n * P,
    16n * P,
    16n * P + 1n,
    17n * P,
    40n * P,
    0x80000000n,
    0xf0000000n,
    1n << 32n,
  ];
  const offsets = [0n, P, 15n * P, 16n * P, 17n * P, 0x2a65n * P, 0xfffff000n, 0x80000000n, 0x100n];

  it.each(HANDLER_BUGS)("%s: every request of the grid, read-only and read-write", (bug) => {
    let compared = 0;
    for (const length of lengths)
      for (const offset of offsets)
        for (const writable of [true, false]) {
          const request = req(length, offset, writable);
          const model = computeAttack(setup(bug), request);
          // Requests the model maps with more than 64 pages would install that many PTEs: compared above by hand.
          if (model.stage === "mapped" && model.frames.count > 64) continue;
          const sim = throughSim(bug, request);
          const where = `${bug} mmap(${length}, off ${offset}, ${writable ? "rw" : "r"})`;
          if (model.stage === "mapped") {
            expect(sim, where).toEqual({
              ok: true,
              pfns: Array.from({ length: model.frames.count }, (_, i) => model.frames.first + i),
            });
          } else {
            const errno = model.stage === "remap" ? 22 : model.errno;
            expect(sim, where).toEqual({ ok: false, errno });
          }
          compared++;
        }
    expect(compared).toBeGreaterThan(100);
  });
});

// A sign-extended size from the signed handler (2^64 - 2^28 for a 0xf0000000-byte request) is refused by
// buggyDriver as remap_pfn_range refuses every range that wraps: the widget's model says the same (stage "remap").
describe("sim's buggyDriver on a sign-extended size", () => {
  it("refuses mmap(0xf0000000) on the signed handler with -EINVAL, as remap_pfn_range refuses a wrapped range", () => {
    const s = setup("signed-offset");
    const mm = new Mm(new PageAllocator(new PhysicalMemory()));
    const file = openDevice(mm, buggyDriver("signed-offset", s.buffer), { read: true, write: true });
    expect(mmap(mm, 0, 0xf0000000n, PROT_READ | PROT_WRITE, MAP_SHARED, file, 0n)).toEqual({ ok: false, errno: 22 });
  });
});
