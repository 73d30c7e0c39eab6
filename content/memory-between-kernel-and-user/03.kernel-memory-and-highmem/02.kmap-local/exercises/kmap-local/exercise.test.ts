import { describe, expect, it, vi } from "vitest";
import { emptyFixture } from "../../../../../kit/check-group";
import { checkedReference, exerciseTests } from "../../../../../kit/testing/exercise-tests";
import { asEntry, type Entry } from "../../../../../kit/testing/judge-group";
import {
  createRng,
  KMAP_LOCAL_RULES,
  KmapLocal,
  type KmapLocalRule,
  type KmapMachine,
  type KmapRule,
} from "../../../../../../sim/index";
import { adapter, type KmapAnswer, type KmapOp, type OpAnswer } from "./adapter";
import { hiddenChecks } from "./hidden";
import * as solution from "./solution";
import { caseInputSchema, spec } from "./spec";
import { LESSON_MACHINE, randomMachine, randomOps } from "./spec-ops";
import * as starter from "./starter";

// The unit project does not apply vitest.config.ts's top-level alias, so map the learners' module here.
vi.mock("@pagewise/sim", () => import("../../../../../../sim/learner-api"));

/** sim's rule names are a superset; a kmap_local model only ever answers with the exercise's four. */
function localRule(rule: KmapRule): KmapLocalRule {
  const found = KMAP_LOCAL_RULES.find((r) => r === rule);
  if (found === undefined) throw new Error(`sim refused with ${rule}, which is not a kmap_local rule`);
  return found;
}

/** sim's own kmap_local model on the same operations: the independent oracle, in the exercise's shape. */
function oracle(m: KmapMachine, ops: KmapOp[]): KmapAnswer {
  const model = new KmapLocal(m);
  const results = ops.map((op): OpAnswer => {
    if (op.op === "switch") {
      model.switchTo(op.cpu, op.task);
      return { ok: true };
    }
    if (op.op === "map") {
      const r = model.kmapLocalPage(op.cpu, op.pfn);
      return r.ok ? { ok: true, addr: r.addr } : { ok: false, rule: localRule(r.rule) };
    }
    const r = model.kunmapLocal(op.cpu, op.addr);
    return r.ok ? { ok: true } : { ok: false, rule: localRule(r.rule) };
  });
  return { results };
}

/** Checks are judged against the reference (through the adapter), which must agree with sim's model. */
const { expectCheckBasics, expectPassedBy, checks, mistakes, expectAllFailedBy } = exerciseTests(
  { spec, adapter, hiddenChecks },
  checkedReference(spec, adapter, solution.createKmapLocal, (answer, kase) => {
    const input = caseInputSchema.parse(kase.input);
    expect(answer).toEqual(oracle(input.machine, input.ops));
  }),
);

const SEEDS = ["learner-ada", "learner-grace", "learner-linus", "learner-ken"];
const run = (m: KmapMachine, ops: KmapOp[], entry: Entry) =>
  adapter.call(entry, adapter.prepare(emptyFixture()), { machine: m, ops });

describe("kmap-local reference solution", () => {
  it("agrees with sim's KmapLocal on 400 random machines and operation sequences", () => {
    for (let i = 0; i < 400; i++) {
      const rng = createRng(`property ${i}`);
      const m = randomMachine(rng.fork("machine"));
      const ops = randomOps(rng.fork("ops"), m, 80);
      expect(run(m, ops, asEntry(solution.createKmapLocal)), `seed ${i}`).toEqual(oracle(m, ops));
    }
  });

  it("gives the lesson's addresses (facts §2.1: slot addresses per CPU, depth per task, lowmem in the direct map)", () => {
    expect(LESSON_MACHINE).toMatchObject({ maxLowPfn: 0x373fe, fixKmapBegin: 68, nrCpus: 4, kmMaxIdx: 16 });
    const k = solution.createKmapLocal(LESSON_MACHINE);
    expect(k.kmapLocalPage(0, 0x40000)).toEqual({ ok: true, addr: 0xfffbb000 });
    expect(k.kmapLocalPage(0, 0x40001)).toEqual({ ok: true, addr: 0xfffba000 });
    expect(k.kmapLocalPage(0, 0x1234)).toEqual({ ok: true, addr: 0xc1234000 });
    expect(k.kmapLocalPage(1, 0x40000)).toEqual({ ok: true, addr: 0xfffab000 });
    expect(k.kunmapLocal(0, 0xfffbb000)).toEqual({ ok: false, rule: "unmap-order" });
    // Task 7 preempts task 0 on CPU 0: its first slot is 0xfffbb000 too, and task 0's mappings are not its own.
    k.switchTo(0, 7);
    expect(k.kmapLocalPage(0, 0x50000)).toEqual({ ok: true, addr: 0xfffbb000 });
    expect(k.kunmapLocal(0, 0xfffba000)).toEqual({ ok: false, rule: "unmap-order" });
    expect(k.kunmapLocal(0, 0xfffbb000)).toEqual({ ok: true });
    k.switchTo(0, 0);
    expect(k.kunmapLocal(0, 0xfffba000)).toEqual({ ok: true });
    expect(k.kunmapLocal(2, 0xfffab000)).toEqual({ ok: false, rule: "unmap-empty" });
    expect(k.kunmapLocal(0, 0xbfffe000)).toEqual({ ok: false, rule: "unmap-user-address" });
  });

  // mm/highmem.c, kmap_local_idx_push() (Linux 5.11): "current->kmap_ctrl.idx += KM_INCR;" then
  // "BUG_ON(current->kmap_ctrl.idx >= KM_MAX_IDX);" with KM_INCR 1 and KM_MAX_IDX 16: 15 nested, the 16th BUGs.
  it("nests 15 mappings per task and refuses the 16th, as kmap_local_idx_push's BUG_ON after the increment does", () => {
    const k = solution.createKmapLocal(LESSON_MACHINE);
    for (let i = 0; i < 15; i++)
      expect(k.kmapLocalPage(0, 0x40000 + i)).toEqual({ ok: true, addr: 0xfffbb000 - i * 4096 });
    expect(k.kmapLocalPage(0, 0x40010)).toEqual({ ok: false, rule: "nesting-limit" });
    k.switchTo(0, 9);
    expect(k.kmapLocalPage(0, 0x40010)).toEqual({ ok: true, addr: 0xfffbb000 });
  });
});

describe("kmap-local checks", () => {
  it("give exactly settings.points, with deterministic public data that depends on the seed", () => {
    expectCheckBasics({ seededPublic: 3, seededHidden: -1 });
  });

  it("cover every rule, lowmem maps and unmaps, several CPUs and the limit (facts §5 E7)", () => {
    const answers = checks("coverage").flatMap((g) =>
      g.cases.map((c) => {
        const input = caseInputSchema.parse(c.input);
        return { input, answer: oracle(input.machine, input.ops) };
      }),
    );
    const rules = new Set(answers.flatMap((a) => a.answer.results.flatMap((r) => (r.ok ? [] : [r.rule]))));
    expect([...rules].sort()).toEqual(["nesting-limit", "unmap-empty", "unmap-order", "unmap-user-address"]);
    const lowmemMaps = answers.some(({ input, answer }) =>
      answer.results.some(
        (r) => r.ok && "addr" in r && r.addr < input.machine.pageOffset + input.machine.maxLowPfn * 4096,
      ),
    );
    expect(lowmemMaps).toBe(true);
    expect(answers.some((a) => new Set(a.input.ops.map((o) => o.cpu)).size >= 2)).toBe(true);
  });

  it("are all passed by the reference solution, judged through the adapter against sim's model", () => {
    expectPassedBy(solution.createKmapLocal, SEEDS);
  });

  it("are failed by the starter code, every one of them", () => {
    expectAllFailedBy(starter.createKmapLocal, checks("starter"));
  });

  it("each edge-case check catches the mistake it is named after", () => {
    const failsOn = mistakes();
    type Create = typeof solution.createKmapLocal;
    const wrap =
      (f: (k: ReturnType<Create>, m: KmapMachine) => Partial<ReturnType<Create>>): Create =>
      (m) => {
        const k = solution.createKmapLocal(m);
        return { ...k, ...f(k, m) };
      };
    // Unmaps whatever it is given, in any order (no LIFO check).
    const noOrder: Create = (m) => {
      const live = new Map<number, number>();
      const k = solution.createKmapLocal(m);
      return {
        kmapLocalPage: (cpu, pfn) => {
          const r = k.kmapLocalPage(cpu, pfn);
          if (r.ok) live.set(r.addr, cpu);
          return r;
        },
        kunmapLocal: (cpu, addr) => (live.delete(addr - (addr % 4096)) ? { ok: true } : k.kunmapLocal(cpu, addr)),
        switchTo: (cpu, task) => k.switchTo(cpu, task),
      };
    };
    // Never refuses a 16th nested mapping: it hands out the next CPU's slot.
    const noLimit: Create = wrap((k, m) => ({
      kmapLocalPage: (cpu, pfn) => {
        const r = k.kmapLocalPage(cpu, pfn);
        return !r.ok && r.rule === "nesting-limit"
          ? { ok: true, addr: m.fixaddrTop - (m.fixKmapBegin + m.kmMaxIdx * (cpu + 1)) * 4096 }
          : r;
      },
    }));
    // Checks the limit before the increment (BUG_ON(depth >= KM_MAX_IDX)): 16 nested mappings, the last one in the
    // CPU's slot 15.
    const sixteen: Create = wrap((k, m) => {
      const depth = new Map<number, number>();
      return {
        kmapLocalPage: (cpu, pfn) => {
          const r = k.kmapLocalPage(cpu, pfn);
          if (r.ok || r.rule !== "nesting-limit" || depth.get(cpu) === 1) return r;
          depth.set(cpu, 1);
          return { ok: true, addr: m.fixaddrTop - (m.fixKmapBegin + m.kmMaxIdx - 1 + m.kmMaxIdx * cpu) * 4096 };
        },
      };
    });
    // Keeps the depth per CPU, as before Linux 5.11: a context switch changes nothing.
    const perCpu: Create = wrap(() => ({ switchTo: () => undefined }));
    // Gives every page a slot, lowmem ones too.
    const slotsForAll: Create = (m) => solution.createKmapLocal({ ...m, maxLowPfn: 0 });
    // One stack shared by all CPUs.
    const oneStack: Create = (m) => {
      const k = solution.createKmapLocal({ ...m, nrCpus: 1 });
      return {
        kmapLocalPage: (_cpu, pfn) => k.kmapLocalPage(0, pfn),
        kunmapLocal: (_cpu, addr) => k.kunmapLocal(0, addr),
        switchTo: (_cpu, task) => k.switchTo(0, task),
      };
    };
    // Compares the whole address with the slot, so an address inside the page is "out of order".
    const noMask: Create = wrap((k, m) => ({
      kunmapLocal: (cpu, addr) => {
        const inSlots = addr >= m.fixaddrTop - (m.fixKmapBegin + m.kmMaxIdx * m.nrCpus) * 4096;
        return inSlots && addr % 4096 !== 0 ? { ok: false, rule: "unmap-order" } : k.kunmapLocal(cpu, addr);
      },
    }));
    // Hard-codes FIX_KMAP_BEGIN = 68.
    const fixed68: Create = (m) => solution.createKmapLocal({ ...m, fixKmapBegin: 68 });

    expect(failsOn("Out-of-order", asEntry(noOrder))).toMatch(
      /expected \{ ok: false, rule: "unmap-order" \}.*most recent last\. Hint: The kernel's check: WARN_ON_ONCE/,
    );
    expect(failsOn("A task's 16th", asEntry(noLimit))).toMatch(
      /Task \d+ already has 15 slots mapped: kmap_local_idx_push makes current->kmap_ctrl.idx 16, and the kernel's BUG_ON/,
    );
    expect(failsOn("A task's 16th", asEntry(sixteen))).toMatch(/already has 15 slots mapped/);
    expect(failsOn("Context switches", asEntry(perCpu))).toMatch(/This CPU switched tasks before: since Linux 5.11/);
    expect(failsOn("Lowmem pages", asEntry(slotsForAll))).toMatch(/is below max_low_pfn .*takes no slot/);
    expect(failsOn("Two CPUs", asEntry(oneStack))).not.toBe("");
    expect(failsOn("kunmap_local with nothing", asEntry(noMask))).toMatch(
      /inside the slot's page: compare addr & ~0xfff/,
    );
    expect(failsOn("Other machines", asEntry(fixed68))).toMatch(/FIX_KMAP_BEGIN \+ idx\) << 12\)/);
  });
});

describe("kmap-local messages speak to the learner", () => {
  it("name the machine, the operation, both answers, the CPU's stack and the formula", () => {
    const ops: KmapOp[] = [
      { op: "map", cpu: 1, pfn: 0x40000 },
      { op: "map", cpu: 1, pfn: 0x40001 },
    ];
    const input = { machine: LESSON_MACHINE, ops };
    const expected = oracle(LESSON_MACHINE, ops);
    const wrong: KmapAnswer = { results: [expected.results[0] as OpAnswer, { ok: true, addr: 0xfffbb000 }] };
    const verdict = spec.compare(input, expected, wrong);
    expect(verdict.pass ? "" : verdict.message).toBe(
      "3G/1G (PAGE_OFFSET 0xc0000000), max_low_pfn 0x373fe, 4 CPUs, FIX_KMAP_BEGIN 68: operation 2 of 2, " +
        "kmap_local_page(pfn 0x40001) on CPU 1: you returned { ok: true, addr: 0xfffbb000 }, expected { ok: true, addr: 0xfffaa000 }. " +
        "Task 1, running on CPU 1, had 0xfffab000 (pfn 0x40000) mapped, most recent last. Hint: pfn 0x40001 is highmem (at or above max_low_pfn 0x373fe), " +
        "so it gets the task's next slot: idx = depth + KM_MAX_IDX × cpu = 1 + 16 × 1 = 17, at FIXADDR_TOP - ((FIX_KMAP_BEGIN + idx) << 12) = " +
        "0xfffff000 - (85 << 12) = 0xfffaa000. Slots grow downwards, one page per nesting level, and a task's depth is how many of its slots are still mapped.",
    );
  });

  it("explain malformed answers through the adapter", () => {
    const bad = (f: unknown) => () => run(LESSON_MACHINE, [{ op: "map", cpu: 0, pfn: 0x40000 }], asEntry(f));
    const switchTo = () => undefined;
    expect(bad(() => 42)).toThrow(/createKmapLocal returned 42/);
    expect(
      bad(() => ({
        kmapLocalPage: () => ({ ok: true, addr: "0xfffbb000" }),
        kunmapLocal: () => ({ ok: true }),
        switchTo,
      })),
    ).toThrow(/addr = "0xfffbb000"/);
    expect(
      bad(() => ({ kmapLocalPage: () => ({ ok: false, rule: "BUG" }), kunmapLocal: () => ({ ok: true }), switchTo })),
    ).toThrow(/use one of "nesting-limit"/);
    expect(
      bad(() => ({ kmapLocalPage: async () => ({ ok: true, addr: 1 }), kunmapLocal: () => ({ ok: true }), switchTo })),
    ).toThrow(/Promise/);
    expect(bad(() => ({ kmapLocalPage: () => ({ ok: true, addr: 1 }), kunmapLocal: () => ({ ok: true }) }))).toThrow(
      /three methods, kmapLocalPage\(cpu, pfn\), kunmapLocal\(cpu, addr\) and switchTo\(cpu, task\)/,
    );
    const asyncSwitch = () =>
      run(
        LESSON_MACHINE,
        [{ op: "switch", cpu: 0, task: 5 }],
        asEntry(() => ({ ...solution.createKmapLocal(LESSON_MACHINE), switchTo: async () => undefined })),
      );
    expect(asyncSwitch).toThrow(/operation 1, switchTo\(0, 5\) returned a Promise/);
  });
});
