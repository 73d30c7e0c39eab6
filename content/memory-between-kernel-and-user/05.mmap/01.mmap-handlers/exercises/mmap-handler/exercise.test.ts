import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { checkedReference, exerciseTests } from "../../../../../kit/testing/exercise-tests";
import { asEntry, referenceAnswer } from "../../../../../kit/testing/judge-group";
import {
  createFaultDriver,
  EINVAL,
  EPERM,
  PAGE_SHARED,
  PAGE_SIZE,
  remap_pfn_range,
  vm_flags_clear,
  vm_flags_set,
  vm_map_pages,
  VM_DONTEXPAND,
  VM_EXEC,
  VM_MAYEXEC,
  VM_MAYSHARE,
  VM_MAYWRITE,
  VM_SHARED,
  VM_WRITE,
  vmaPages,
  type SimFile,
  type Vma,
} from "../../../../../../sim/index";
import { adapter } from "./adapter";
import type { MmapAnswer, RingBuffer } from "./spec-ring";
import { hiddenChecks } from "./hidden";
import * as solution from "./solution";
import { ringFixture, spec } from "./spec";
import { MAP_PRIVATE, mmapInputSchema, PROT_READ, PROT_WRITE, request } from "./spec-input";
import { randomRequest } from "./spec-random";
import * as starter from "./starter";
import { createRng } from "../../../../../../sim/index";

// The learners' module, mapped like every exercise test does (the solution imports "@pagewise/sim").
vi.mock("@pagewise/sim", () => import("../../../../../../sim/learner-api"));

type Handler = (ring: RingBuffer, vma: Vma) => number;

/** sim's own read-only ring driver (a fault-handler design, facts §4.3): an independent oracle for the reference. */
const simRingDriver: Handler = (ring, vma) => {
  const driver = createFaultDriver("ring", ring.pages, { readOnly: true }).driver;
  return driver.mmap(vma.vm_file as SimFile, vma);
};

/** Checks are judged against the reference, which sim's driver must agree with (by spec.compare). */
const oracle = referenceAnswer(spec, adapter, simRingDriver);
const { judge, expectCheckBasics, expectPassedBy, failedBy, checks, mistakes } = exerciseTests(
  { spec, adapter, hiddenChecks },
  checkedReference(spec, adapter, solution.ringMmap, (answer, c, fixture, prepared) => {
    const verdict = spec.compare(c.input, oracle(fixture, c, prepared), answer);
    expect(verdict, JSON.stringify(c.input)).toEqual({ pass: true });
  }),
);

const SEEDS = ["learner-ada", "learner-grace", "learner-linus"];

describe("mmap-handler reference solution", () => {
  it("agrees with sim's own read-only ring driver on random requests, on random machines", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (seed) => {
        const rng = createRng(seed);
        const fixture = ringFixture(rng.fork("machine"));
        const prepared = adapter.prepare(fixture);
        for (let i = 0; i < 6; i++) {
          const input = randomRequest(rng.fork(`r${i}`));
          const mine = spec.outputSchema.parse(adapter.call(asEntry(solution.ringMmap), prepared, input));
          const sims = spec.outputSchema.parse(adapter.call(asEntry(simRingDriver), prepared, input));
          expect(spec.compare(input, sims, mine), JSON.stringify(input)).toEqual({ pass: true });
        }
      }),
      { numRuns: 120, seed: 0x5eed },
    );
  });

  it("maps exactly pages [vm_pgoff, vm_pgoff + n) read-only: the worked example of the prompt", () => {
    const prepared = adapter.prepare({ frames: [], bytes: new Uint8Array(0), meta: { base: 0x30000 } });
    const ok = adapter.call(solution.ringMmap, prepared, request(0x2000, 0x3000));
    expect(ok).toEqual({
      handler: 0,
      errno: null,
      mapping: {
        pages: 2,
        frames: ["buf 3", "buf 4"],
        outside: 0,
        firstOutside: null,
        stopped: false,
        after: { userWrite: "SIGSEGV", mprotectWrite: -13, mprotectExec: -13, mremapGrow: -14, refErrors: 0 },
        flags: "READ|SHARED|MAYREAD|MAYSHARE|PFNMAP|IO|DONTEXPAND|DONTDUMP",
      },
    });
    expect(adapter.call(asEntry(solution.ringMmap), prepared, request(0x2000, 0xf000))).toEqual({
      handler: -EINVAL,
      errno: EINVAL,
      mapping: null,
    });
    expect(
      adapter.call(asEntry(solution.ringMmap), prepared, request(0x1000, 0, { prot: PROT_READ | PROT_WRITE })),
    ).toEqual({ handler: -EPERM, errno: EPERM, mapping: null });
    // do_mmap itself refuses a shared writable mapping of a read-only fd: the handler is never called.
    expect(
      adapter.call(asEntry(solution.ringMmap), prepared, request(0x1000, 0, { prot: PROT_WRITE, fd: "O_RDONLY" })),
    ).toEqual({ handler: null, errno: 13, mapping: null });
  });
});

describe("mmap-handler checks", () => {
  it("give exactly settings.points, public ones deterministic per seed and different across seeds", () => {
    expectCheckBasics({ seededPublic: 3, seededHidden: -1 });
    expect(spec.publicChecks("p")[0]?.fixtures).not.toEqual(spec.publicChecks("q")[0]?.fixtures);
    for (const g of checks("p")) for (const c of g.cases) expect(mmapInputSchema.parse(c.input)).toEqual(c.input);
  });

  it("are all passed by the reference solution, which sim's own driver agrees with", () => {
    expectPassedBy(solution.ringMmap, SEEDS);
  });

  it("are failed by the starter code", () => {
    expect(failedBy(starter.ringMmap, checks("starter")).length).toBeGreaterThanOrEqual(12);
  });
});

// The buggy handlers of facts §4.6, each written the way a JavaScript programmer would get it wrong.
const rules = (vma: Vma): number => {
  if ((vma.vm_flags & VM_MAYSHARE) === 0) return -EINVAL;
  if ((vma.vm_flags & (VM_WRITE | VM_EXEC)) !== 0) return -EPERM;
  vm_flags_clear(vma, VM_MAYWRITE | VM_MAYEXEC);
  return 0;
};
const remapFrom = (ring: RingBuffer, vma: Vma, pfn: number) =>
  remap_pfn_range(vma, vma.vm_start, pfn, vma.vm_end - vma.vm_start, vma.vm_page_prot);
const inRange = (ring: RingBuffer, vma: Vma) =>
  vma.vm_pgoff < ring.nr_pages && vmaPages(vma) <= ring.nr_pages - vma.vm_pgoff;
const bugs: Record<string, Handler> = {
  rawPfn: (ring, vma) => rules(vma) || (vmaPages(vma) > ring.nr_pages ? -EINVAL : remapFrom(ring, vma, vma.vm_pgoff)),
  noSizeCheck: (ring, vma) =>
    rules(vma) || (vma.vm_pgoff >= ring.nr_pages ? -EINVAL : remapFrom(ring, vma, ring.pfn + vma.vm_pgoff)),
  offsetIgnored: (ring, vma) =>
    rules(vma) || (vmaPages(vma) > ring.nr_pages ? -EINVAL : remapFrom(ring, vma, ring.pfn + vma.vm_pgoff)),
  byteOverflow: (ring, vma) => {
    const off = vma.vm_pgoff << 12; // int arithmetic: wraps for vm_pgoff >= 0x80000
    const size = vma.vm_end - vma.vm_start;
    if (rules(vma) || off + size > ring.nr_pages * PAGE_SIZE || (off < 0 && size > ring.nr_pages * PAGE_SIZE))
      return rules(vma) || -EINVAL;
    return remapFrom(ring, vma, ring.pfn + (off >> 12));
  },
  signedSize: (ring, vma) => {
    const size = (vma.vm_end - vma.vm_start) | 0; // int size
    if (rules(vma) || vma.vm_pgoff >= ring.nr_pages || size > (ring.nr_pages - vma.vm_pgoff) * PAGE_SIZE)
      return rules(vma) || -EINVAL;
    return remapFrom(ring, vma, ring.pfn + vma.vm_pgoff);
  },
  offByOne: (ring, vma) =>
    rules(vma) ||
    (vma.vm_pgoff >= ring.nr_pages || vmaPages(vma) >= ring.nr_pages - vma.vm_pgoff
      ? -EINVAL
      : remapFrom(ring, vma, ring.pfn + vma.vm_pgoff)),
  writable: (ring, vma) =>
    !inRange(ring, vma) || (vma.vm_flags & VM_MAYSHARE) === 0 ? -EINVAL : remapFrom(ring, vma, ring.pfn + vma.vm_pgoff),
  keepsMayWrite: (ring, vma) => {
    if ((vma.vm_flags & VM_MAYSHARE) === 0 || !inRange(ring, vma)) return -EINVAL;
    return (vma.vm_flags & (VM_WRITE | VM_EXEC)) !== 0 ? -EPERM : remapFrom(ring, vma, ring.pfn + vma.vm_pgoff);
  },
  allowsPrivate: (ring, vma) => {
    if ((vma.vm_flags & (VM_WRITE | VM_EXEC)) !== 0) return -EPERM;
    vm_flags_clear(vma, VM_MAYWRITE | VM_MAYEXEC);
    return inRange(ring, vma) ? remapFrom(ring, vma, ring.pfn + vma.vm_pgoff) : -EINVAL;
  },
  testsVmShared: (ring, vma) => ((vma.vm_flags & VM_SHARED) === 0 ? -EINVAL : solution.ringMmap(ring, vma)),
  vmMapPagesWithoutDontExpand: (ring, vma) =>
    rules(vma) || (inRange(ring, vma) ? vm_map_pages(vma, ring.pages, ring.nr_pages) : -EINVAL),
  positiveErrno: (ring, vma) => -solution.ringMmap(ring, vma),
  writablePtes: (ring, vma) =>
    rules(vma) ||
    (inRange(ring, vma)
      ? remap_pfn_range(vma, vma.vm_start, ring.pfn + vma.vm_pgoff, vma.vm_end - vma.vm_start, PAGE_SHARED)
      : -EINVAL),
};

describe("each pattern check catches the bug it is named after, and says why it matters", () => {
  const failsOn = mistakes<Handler>("bugs");

  it("B1-B6 and B15: the size and offset checks", () => {
    expect(failsOn("B1", bugs.rawPfn!)).toMatch(/You used vm_pgoff as a physical frame number \(B1\)/);
    expect(failsOn("B1", bugs.rawPfn!)).toMatch(/frame 0x1000 \(kernel text\)/);
    expect(failsOn("B2", bugs.noSizeCheck!)).toMatch(/no size check.*another driver's page/s);
    expect(failsOn("B3", bugs.offsetIgnored!)).toMatch(/offset has to count in the size check/);
    expect(failsOn("B4", bugs.byteOverflow!)).toMatch(
      /does not fit 32 bits.*struct cred|struct cred.*does not fit 32 bits/s,
    );
    expect(failsOn("B5", bugs.signedSize!)).toMatch(/negative as a signed 32-bit int/);
    expect(failsOn("B6", bugs.offByOne!)).toMatch(/exact fit must be accepted/);
    expect(failsOn("B15", bugs.noSizeCheck!)).toMatch(/run past the ring/);
  });

  it("B9, B10, B11 and the read-only fd", () => {
    expect(failsOn("B9", bugs.writable!)).toMatch(/let user space write the read-only ring/);
    expect(failsOn("B9", bugs.keepsMayWrite!)).toMatch(
      /mprotect\(PROT_READ\|PROT_WRITE\) returned 0, expected -EACCES/,
    );
    expect(failsOn("B10", bugs.allowsPrivate!)).toMatch(/accepted a private mapping/);
    expect(failsOn("MAP_SHARED on an O_RDONLY fd", bugs.testsVmShared!)).toMatch(/Test VM_MAYSHARE/);
    expect(failsOn("B11", bugs.vmMapPagesWithoutDontExpand!)).toMatch(/VM_DONTEXPAND/);
    expect(failsOn("B6", bugs.positiveErrno!)).toMatch(/positive number.*return -EINVAL, not EINVAL/);
    expect(failsOn("B9", bugs.writablePtes!)).toMatch(
      /a user store to the first one ended in the ring being written, expected SIGSEGV/,
    );
  });

  it("the same handlers pass with VM_DONTEXPAND set: vm_map_pages is an acceptable way to map the ring", () => {
    const fixed: Handler = (ring, vma) => {
      const err = bugs.vmMapPagesWithoutDontExpand!(ring, vma);
      if (err === 0) vm_flags_set(vma, VM_DONTEXPAND);
      return err;
    };
    for (const group of checks("vm_map_pages")) expect(judge(group, asEntry(fixed)).messages, group.name).toEqual([]);
  });
});

describe("mmap-handler messages speak to the learner", () => {
  it("names the request, what was mapped and the attack", () => {
    const input = request(0xf0000000, 0);
    const expected: MmapAnswer = { handler: -EINVAL, errno: EINVAL, mapping: null };
    const actual: MmapAnswer = {
      handler: 0,
      errno: null,
      mapping: {
        pages: 983040,
        frames: null,
        outside: 4080,
        firstOutside: "frame 0x30012 (another driver's page, just above the ring)",
        stopped: true,
        after: null,
        flags: "",
      },
    };
    const verdict = spec.compare(input, expected, actual);
    expect(verdict.pass ? "" : verdict.message).toBe(
      "mmap(len 0xf0000000, PROT_READ, MAP_SHARED, offset 0x0) on an O_RDWR fd: your handler mapped it, more than 4080 pages of physical memory outside the ring, the first frame 0x30012 (another driver's page, just above the ring) (the check stopped your handler after 4096 PTEs of a 983040-page mapping). A length of 0xf0000000 is negative as a signed 32-bit int, so a signed size check passes it (B5); the MWR exploit maps 0xF0000000 bytes and scans them for struct cred. Count pages with vma_pages(vma) and compare them unsigned. Expected -EINVAL.",
    );
  });

  it("accepts either errno when a request breaks two rules, and nothing else", () => {
    const input = request(0x20000, 0, { prot: PROT_READ | PROT_WRITE, flags: MAP_PRIVATE });
    const expected: MmapAnswer = { handler: -EINVAL, errno: EINVAL, mapping: null };
    expect(spec.compare(input, expected, { handler: -EPERM, errno: EPERM, mapping: null })).toEqual({ pass: true });
    const wrong = spec.compare(input, expected, { handler: -14, errno: 14, mapping: null });
    expect(wrong.pass ? "" : wrong.message).toMatch(/refused it with -EFAULT, expected -EINVAL or -EPERM/);
  });
});

describe("mmap-handler adapter", () => {
  const prepared = adapter.prepare({ frames: [], bytes: new Uint8Array(0), meta: { base: 0x30000 } });
  const call =
    (f: unknown, input = request(0x1000, 0)) =>
    () =>
      adapter.call(asEntry(f), prepared, input);

  it("rejects malformed answers with a clear error", () => {
    expect(call(() => undefined)).toThrow(/0 or a negative errno such as -EINVAL, got undefined/);
    expect(call(() => 0n)).toThrow(/not a bigint/);
    expect(call(async () => 0)).toThrow(/Promise/);
    expect(() => adapter.prepare({ frames: [], bytes: new Uint8Array(0), meta: {} })).toThrow(/base frame number/);
  });

  it("stops a huge buggy remap after PTE_CAP PTEs and reports what it had mapped", () => {
    const answer = call(
      (ring: RingBuffer, vma: Vma) => remapFrom(ring, vma, ring.pfn),
      request(0xf0000000, 0),
    )() as MmapAnswer;
    expect(answer).toMatchObject({
      handler: null,
      errno: null,
      mapping: { pages: 0xf0000, outside: 4096 - 16, stopped: true, after: null },
    });
    expect(answer.mapping?.firstOutside).toBe("frame 0x30012 (another driver's page, just above the ring)");
  });
});
