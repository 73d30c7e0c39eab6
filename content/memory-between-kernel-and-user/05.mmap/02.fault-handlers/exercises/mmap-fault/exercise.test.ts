import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { checkedReference, exerciseTests } from "../../../../../kit/testing/exercise-tests";
import { asEntry, referenceAnswer } from "../../../../../kit/testing/judge-group";
import {
  createFaultDriver,
  createRng,
  remap_pfn_range,
  VM_DONTEXPAND,
  VM_FAULT_SIGBUS,
  type FaultDriver,
  type SimFile,
  type Vma,
  type VmOperations,
} from "../../../../../../sim/index";
import { adapter } from "./adapter";
import { hiddenChecks } from "./hidden";
import * as solution from "./solution";
import { ringFixture, spec } from "./spec";
import type { FaultRing, ScriptAnswer } from "./spec-script";
import { randomScript } from "./spec-random";
import * as starter from "./starter";

// The learners' module, mapped like every exercise test does (the solution imports "@pagewise/sim").
vi.mock("@pagewise/sim", () => import("../../../../../../sim/learner-api"));

type Driver = (ring: FaultRing, vma: Vma) => number;

/** sim's own fault-handler driver (createFaultDriver), reporting its VMA count as ring.map_count: the oracle. */
const drivers = new WeakMap<FaultRing, FaultDriver>();
const simDriver: Driver = (ring, vma) => {
  let fd = drivers.get(ring);
  if (fd === undefined) drivers.set(ring, (fd = createFaultDriver("ring", ring.pages, { readOnly: true })));
  const state = fd.state;
  const ret = fd.driver.mmap(vma.vm_file as SimFile, vma);
  const ops = vma.vm_ops;
  if (ret === 0 && ops !== null) {
    const sync = () => void (ring.map_count = state.mapCount);
    vma.vm_ops = { ...ops, open: (v) => (ops.open?.(v), sync()), close: (v) => (ops.close?.(v), sync()) };
    sync();
  }
  return ret;
};

/** Checks are judged against the reference, which must answer every script exactly as sim's own driver. */
const oracle = referenceAnswer(spec, adapter, simDriver);
const { expectCheckBasics, expectPassedBy, failedBy, checks, mistakes } = exerciseTests(
  { spec, adapter, hiddenChecks },
  checkedReference(spec, adapter, solution.ringMmap, (answer, c, fixture, prepared) => {
    expect(answer, JSON.stringify(c.input)).toEqual(oracle(fixture, c, prepared));
  }),
);

const SEEDS = ["learner-ada", "learner-grace", "learner-linus"];

describe("mmap-fault reference solution", () => {
  it("agrees with sim's own fault-handler driver on random scripts", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (seed) => {
        const rng = createRng(seed);
        const prepared = adapter.prepare(ringFixture(rng.fork("machine")));
        for (let i = 0; i < 4; i++) {
          const input = { steps: randomScript(rng.fork(`s${i}`)) };
          expect(adapter.call(asEntry(solution.ringMmap), prepared, input), JSON.stringify(input)).toEqual(
            adapter.call(asEntry(simDriver), prepared, input),
          );
        }
      }),
      { numRuns: 100, seed: 0xfa17 },
    );
  });

  it("runs the prompt's example: a reference per touched page, ->open for the split, all given back", () => {
    const prepared = adapter.prepare({ frames: [], bytes: new Uint8Array(0), meta: { base: 0x30000 } });
    const answer = adapter.call(solution.ringMmap, prepared, {
      steps: [
        { op: "mmap", pages: 4, pgoff: 2 },
        { op: "touch", who: "parent", page: 1 },
        { op: "munmap", who: "parent", page: 2, pages: 1 },
        { op: "fault", pgoff: 16 },
        { op: "munmap", who: "parent", page: 0, pages: 4 },
      ],
    });
    const refs = (hot: number[]) => Array.from({ length: 16 }, (_, i) => (hot.includes(i) ? 2 : 1)).join(" ");
    expect(answer.steps).toEqual([
      { result: "ok", refs: refs([]), mapCount: 1, refBugs: 0 },
      { result: "buf 3", refs: refs([3]), mapCount: 1, refBugs: 0 },
      { result: "ok", refs: refs([3]), mapCount: 2, refBugs: 0 },
      { result: "VM_FAULT_SIGBUS", refs: refs([3]), mapCount: 2, refBugs: 0 },
      { result: "ok", refs: refs([]), mapCount: 0, refBugs: 0 },
    ]);
  });
});

describe("mmap-fault checks", () => {
  it("give exactly settings.points, public ones deterministic per seed and different across seeds", () => {
    expectCheckBasics({ seededPublic: 3, seededHidden: -1 });
  });

  it("are all passed by the reference solution, which sim's own driver agrees with", () => {
    expectPassedBy(solution.ringMmap, SEEDS);
  });

  it("are failed by the starter code", () => {
    expect(failedBy(starter.ringMmap, checks("starter")).length).toBeGreaterThanOrEqual(10);
  });
});

/** The reference with one piece of its vm_ops replaced or dropped. */
function withOps(
  change: (ops: VmOperations, ring: FaultRing) => VmOperations,
  after: (vma: Vma) => void = () => {},
): Driver {
  return (ring, vma) => {
    const ret = solution.ringMmap(ring, vma);
    if (ret === 0 && vma.vm_ops !== null) vma.vm_ops = change(vma.vm_ops, ring);
    after(vma);
    return ret;
  };
}

describe("each check catches the mistake it is named after", () => {
  const failsOn = mistakes<Driver>("bugs");
  const noGetPage = withOps((ops, ring) => ({
    ...ops,
    fault: (vmf) => ((vmf.page = ring.pages[vmf.pgoff] ?? null), vmf.page === null ? VM_FAULT_SIGBUS : 0),
  }));
  const noBounds = withOps((ops, ring) => ({
    ...ops,
    fault: (vmf) => ((vmf.page = ring.pages[vmf.pgoff] ?? null), 0),
  }));
  const noOpen = withOps((ops) => ({ ...ops, open: undefined }));
  const noDontExpand = withOps(
    (ops) => ops,
    (vma) => void (vma.vm_flags &= ~VM_DONTEXPAND),
  );
  const noMmapCount: Driver = (ring, vma) => {
    const ret = solution.ringMmap(ring, vma);
    if (ret === 0) ring.map_count--;
    return ret;
  };
  const eager: Driver = (ring, vma) =>
    solution.ringMmap(ring, vma) ||
    remap_pfn_range(
      vma,
      vma.vm_start,
      (ring.pages[0]?.pfn ?? 0) + vma.vm_pgoff,
      vma.vm_end - vma.vm_start,
      vma.vm_page_prot,
    );

  it("B11, B12 and VM_DONTEXPAND", () => {
    expect(failsOn("B11", noBounds)).toMatch(/return VM_FAULT_SIGBUS/);
    expect(failsOn("B12", noGetPage)).toMatch(/get_page\(\)/);
    expect(failsOn("B12", noGetPage)).toMatch(
      /ring page 2 has 1 reference, expected 2\. Each PTE holds a reference of its own/,
    );
    expect(failsOn("VM_DONTEXPAND", noDontExpand)).toMatch(/you got ok, expected -EFAULT\. Without VM_DONTEXPAND/);
  });

  it("the VMA count across splits, fork and exit, and mapping eagerly", () => {
    expect(failsOn("A partial munmap", noOpen)).toMatch(/ring.map_count is 0, expected 2\. munmap in the middle/);
    expect(failsOn("fork and exit", noOpen)).toMatch(/fork copies each VMA and calls ->open/);
    expect(failsOn("First touch", noMmapCount)).toMatch(
      /ring.map_count is 0, expected 1\. ->mmap is not followed by ->open/,
    );
    expect(failsOn("First touch", eager)).toMatch(/ring page \d+ has 1 reference, expected 2/);
  });
});

describe("mmap-fault adapter", () => {
  const prepared = adapter.prepare({ frames: [], bytes: new Uint8Array(0), meta: { base: 0x30000 } });
  const run = (f: unknown, steps: unknown[]) => () => adapter.call(asEntry(f), prepared, { steps });

  it("rejects a bad return, a broken map_count and a missing fixture", () => {
    expect(run(() => undefined, [{ op: "mmap", pages: 1, pgoff: 0 }])).toThrow(/0 or a negative errno/);
    const nan: Driver = (ring, vma) => ((ring.map_count = Number.NaN), solution.ringMmap(ring, vma));
    expect(run(nan, [{ op: "mmap", pages: 1, pgoff: 0 }])).toThrow(/map_count must stay a whole number/);
    expect(() => adapter.prepare({ frames: [], bytes: new Uint8Array(0), meta: {} })).toThrow(/base frame number/);
  });

  it("reports a fault handler that throws or leaves vmf.page NULL instead of crashing the run", () => {
    const throws = withOps((ops) => ({
      ...ops,
      fault: () => {
        throw new TypeError("boom");
      },
    }));
    const answer = run(throws, [
      { op: "mmap", pages: 1, pgoff: 0 },
      { op: "touch", who: "parent", page: 0 },
      { op: "fault", pgoff: 20 },
    ])() as ScriptAnswer;
    expect(answer.steps.map((s) => s.result)).toEqual(["ok", "threw TypeError: boom", "threw TypeError: boom"]);
    const oops = run(starter.ringMmap, [
      { op: "mmap", pages: 16, pgoff: 0 },
      { op: "mremap", who: "parent", pages: 17 },
      { op: "touch", who: "parent", page: 16 },
    ])() as ScriptAnswer;
    expect(oops.steps.map((s) => s.result)).toEqual(["ok", "ok", "oops"]);
  });
});
