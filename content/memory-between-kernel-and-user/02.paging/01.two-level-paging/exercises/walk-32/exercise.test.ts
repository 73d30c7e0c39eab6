import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import type { CheckGroup } from "../../../../../../contract/exercise";
import { exerciseTests } from "../../../../../kit/testing/exercise-tests";
import { fixtureMemory } from "../../../../../kit/testing/fixture-memory";
import { asEntry } from "../../../../../kit/testing/judge-group";
import {
  createRng,
  CR0_PE,
  CR0_PG,
  CR0_WP,
  CR4_PSE,
  CR4_SMAP,
  CR4_SMEP,
  PhysicalMemory,
  walk32,
  type Access,
  type Cpu32,
} from "../../../../../../sim/index";
import { adapter, MAX_LOGGED_READS, type WalkAnswer } from "./adapter";
import { hiddenChecks } from "./hidden";
import * as solution from "./solution";
import { spec } from "./spec";
import { processMachine, randomWalks } from "./spec-machines";
import * as starter from "./starter";

// The unit project does not apply vitest.config.ts's top-level alias, so map the learners' module here.
vi.mock("@pagewise/sim", () => import("../../../../../../sim/learner-api"));

/** The registers a case runs with: the fixture's, overridden by the case input (as the adapter does). */
function caseOf(meta: Record<string, unknown>, caseInput: Record<string, unknown>) {
  const input = caseInput as {
    va: number;
    access: Access;
    user: boolean;
    ac?: boolean;
    implicit?: boolean;
    cr0?: number;
    cr3?: number;
    cr4?: number;
  };
  const cpu: Cpu32 = {
    cr0: input.cr0 ?? (meta.cr0 as number),
    cr3: input.cr3 ?? (meta.cr3 as number),
    cr4: input.cr4 ?? (meta.cr4 as number),
    ac: input.ac ?? false,
    user: input.user,
    implicit: input.implicit ?? false,
  };
  return { cpu, va: input.va, access: input.access };
}

/** caseOf for the case at `index` of `group`. */
function cpuFor(group: CheckGroup, index: number): { cpu: Cpu32; va: number; access: Access } {
  const c = group.cases[index];
  const meta = group.fixtures[c?.fixture ?? -1]?.meta;
  if (!c || !meta) throw new Error("bad case");
  return caseOf(meta, c.input);
}

/** Checks are judged against sim's walk32, through the adapter and the spec. */
const { judge, expectCheckBasics, expectPassedBy, checks, mistakes, expectAllFailedBy } = exerciseTests(
  { spec, adapter, hiddenChecks },
  (fixture, c): WalkAnswer => {
    const mem = fixtureMemory(fixture);
    const { cpu, va, access } = caseOf(fixture.meta, c.input);
    const { trace: _, ...reference } = walk32(cpu, mem, va, access);
    return { result: reference, reads: [] };
  },
);

const SEEDS = ["learner-ada", "learner-grace", "learner-linus"];

describe("walk-32 reference solution", () => {
  it("agrees with sim's walk32 on thousands of random entries, registers and addresses", () => {
    const PD = 0x1000;
    const arbitraryAccess = fc.constantFrom<Access>("read", "write", "exec");
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.record({
          wp: fc.boolean(),
          pse: fc.boolean(),
          smep: fc.boolean(),
          smap: fc.boolean(),
          ac: fc.boolean(),
          user: fc.boolean(),
          implicit: fc.boolean(),
        }),
        arbitraryAccess,
        (pdeRaw, pteRaw, va, flags, access) => {
          // Bias entries towards present ones, so most walks reach the rights checks.
          const pde = (pdeRaw | (pdeRaw & 0x100 ? 0 : 1)) >>> 0;
          const pte = (pteRaw | (pteRaw & 0x100 ? 0 : 1)) >>> 0;
          const mem = new PhysicalMemory();
          mem.write32(PD + (va >>> 22) * 4, pde);
          mem.write32(((pde & 0xfffff000) >>> 0) + ((va >>> 12) & 0x3ff) * 4, pte);
          const cpu: Cpu32 = {
            cr0: (CR0_PG | CR0_PE | (flags.wp ? CR0_WP : 0)) >>> 0,
            cr3: PD | 0x18, // PWT and PCD in CR3 must not move the directory
            cr4: (flags.pse ? CR4_PSE : 0) | (flags.smep ? CR4_SMEP : 0) | (flags.smap ? CR4_SMAP : 0),
            ac: flags.ac,
            user: flags.user,
            implicit: flags.implicit,
          };
          const { trace: _, ...reference } = walk32(cpu, mem, va, access);
          expect(solution.translate(cpu, mem, va, access)).toEqual(reference);
        },
      ),
      { numRuns: 4000, seed: 0x32 },
    );
  });

  it("agrees with walk32 on seeded processes", () => {
    for (const seed of SEEDS) {
      const machine = processMachine(seed, { pse: seed !== "learner-linus" });
      for (const input of randomWalks(createRng(seed), machine, 700)) {
        const cpu: Cpu32 = {
          cr0: input.cr0 ?? (CR0_PG | CR0_WP | CR0_PE) >>> 0,
          cr3: machine.cr3,
          cr4: input.cr4 ?? (machine.pse ? CR4_PSE : 0),
          ac: input.ac ?? false,
          user: input.user,
          implicit: input.implicit ?? false,
        };
        const { trace: _, ...reference } = walk32(cpu, machine.mem, input.va, input.access);
        expect(solution.translate(cpu, machine.mem, input.va, input.access)).toEqual(reference);
      }
    }
  });
});

describe("walk-32 checks", () => {
  it("give exactly settings.points, with smallest cases first and deterministic public data", () => {
    expectCheckBasics({ seededPublic: 4, seededHidden: 9, publicCount: 5 });
  }, 30_000); // generates four full machines; slow on a loaded 2-core machine, never a timing assertion

  it("are all passed by the reference solution, judged through the adapter against walk32", () => {
    expectPassedBy(solution.translate, SEEDS);
  });

  it("walk every kind of entry in the hidden differential, with PSE and without", () => {
    const kinds = { pse: new Set<string>(), noPse: new Set<string>() };
    for (let i = 0; i < 24; i++) {
      const group = hiddenChecks(`kinds-${i}`)[9] as CheckGroup;
      const mem = PhysicalMemory.fromWire(group.fixtures[0] as CheckGroup["fixtures"][number]);
      const seen = (group.fixtures[0]?.meta.cr4 as number) & CR4_PSE ? kinds.pse : kinds.noPse;
      group.cases.forEach((_, index) => {
        const { cpu, va, access } = cpuFor(group, index);
        const r = walk32(cpu, mem, va, access);
        const half = va >= 0x80000000 ? "high" : "low";
        if (r.ok) seen.add(`${r.pageSize === 4096 ? "4K" : "4M"} ${cpu.user ? "user" : "kernel"} ${half}`);
        else if (r.errorCode & 0x8) seen.add("reserved bit");
        else seen.add(r.errorCode & 0x1 ? "protection" : "not present");
      });
    }
    const always = ["4K user low", "4K kernel low", "4K kernel high", "not present", "protection"];
    expect([...kinds.pse]).toEqual(expect.arrayContaining([...always, "4M kernel high", "reserved bit"]));
    expect([...kinds.noPse]).toEqual(expect.arrayContaining(always));
  });

  it("are failed by the starter code", () => {
    expectAllFailedBy(starter.translate, checks("starter", "starter"));
  });

  it("each edge-case check catches the mistake it is named after", () => {
    const failsOn = mistakes();
    // Each broken walk is the reference with one rule forgotten.
    const withCpu = (change: (cpu: Cpu32) => Cpu32) =>
      asEntry((cpu: Cpu32, mem: PhysicalMemory, va: number, access: Access) =>
        solution.translate(change(cpu), mem, va, access),
      );
    expect(
      failsOn(
        "CR0.WP = 0 lets the kernel write read-only pages",
        withCpu((cpu) => ({ ...cpu, cr0: (cpu.cr0 | CR0_WP) >>> 0 })),
      ),
    ).not.toBe("");
    expect(
      failsOn(
        "SMAP: EFLAGS.AC = 1 vs implicit accesses",
        withCpu((cpu) => ({ ...cpu, implicit: false })),
      ),
    ).not.toBe("");
    expect(
      failsOn(
        "PS = 1 with CR4.PSE = 0 is a page table",
        withCpu((cpu) => ({ ...cpu, cr4: cpu.cr4 | CR4_PSE })),
      ),
    ).not.toBe("");
    expect(
      failsOn(
        "Instruction fetches: I/D only with SMEP",
        withCpu((cpu) => ({ ...cpu, cr4: cpu.cr4 | CR4_SMEP })),
      ),
    ).not.toBe("");
    const truncatedHigh = asEntry((cpu: Cpu32, mem: PhysicalMemory, va: number, access: Access) => {
      const r = solution.translate(cpu, mem, va, access);
      return r.ok ? { ...r, pa: r.pa % 2 ** 32 } : r;
    });
    expect(failsOn("High physical addresses: bit 31 and PSE-36", truncatedHigh)).toMatch(/2 \*\* 32/);
    const signed = asEntry((cpu: Cpu32, mem: PhysicalMemory, va: number, access: Access) => {
      const r = solution.translate(cpu, mem, va, access);
      return r.ok ? { ...r, pa: r.pa | 0 } : r;
    });
    expect(failsOn("High physical addresses: bit 31 and PSE-36", signed)).toMatch(/>>> 0/);
    expect(spec.publicChecks("signed").some((g) => judge(g, signed).messages.some((m) => m.includes(">>> 0")))).toBe(
      true,
    );
  });
});

describe("walk-32 messages speak to the learner", () => {
  const input = { va: 0xc0101234, access: "write", user: true };
  const fault = (errorCode: number, cr2 = 0xc0101234): WalkAnswer => ({
    result: { ok: false, fault: "PF", errorCode, cr2 },
    reads: [],
  });
  const page = (pa: number, pageSize = 4096): WalkAnswer => ({ result: { ok: true, pa, pageSize }, reads: [] });
  const message = (expected: WalkAnswer, actual: WalkAnswer) => {
    const verdict = spec.compare(input, expected, actual);
    return verdict.pass ? "" : verdict.message;
  };

  it("says what was asked, returned and expected", () => {
    expect(message(fault(7), page(0x00101234))).toBe(
      "Walking 0xc0101234 for a user write: you returned pa 0x00101234 (a 4 KB page), expected a page fault with error code 0x7 (P|W|U) and CR2 0xc0101234. Hint: A user write needs U/S = 1 and R/W = 1 in both the PDE and the PTE.",
    );
  });

  it("hints at the classic mistakes", () => {
    expect(message(page(0x80001234), page(0x80001234))).toBe("");
    expect(message(page(0x80001234), page(0x80001234 | 0))).toMatch(
      /you returned pa -2147478988 \(a 4 KB page\).*>>> 0/,
    );
    expect(message(fault(7), fault(3))).toMatch(/U\/S \(0x4\) describes who accessed/);
    expect(message(fault(7), fault(5))).toMatch(/W\/R \(0x2\) describes the access/);
    expect(message(fault(7), fault(7, 0x00101234))).toMatch(/CR2 is the faulting virtual address itself, 0xc0101234/);
    expect(message(fault(7), fault(7, 0xc0101234 | 0))).toMatch(/>>> 0/);
    expect(message(page(0x1c0101234, 4194304), page(0xc0101234, 4194304))).toMatch(/PSE-36/);
    expect(message(page(0x00101234, 4194304), page(0x00000234, 4194304))).toMatch(/low 22 bits/);
    expect(message(fault(0xf), fault(7))).toMatch(/RSVD/);
  });
});

describe("walk-32 adapter", () => {
  const group = spec.publicChecks("adapter")[0] as CheckGroup;
  const prepared = adapter.prepare(group.fixtures[0] as CheckGroup["fixtures"][number]);
  const input = group.cases[0]?.input ?? {};

  it("copies the answer out and logs the reads, capped", () => {
    const returned = { ok: true, pa: 0x1000, pageSize: 4096, extra: "ignored" };
    const answer = adapter.call(
      (_cpu: Cpu32, mem: PhysicalMemory) => {
        for (let i = 0; i < 20; i++) mem.read32(i * 4);
        return returned;
      },
      prepared,
      input,
    );
    expect(answer.result).toEqual({ ok: true, pa: 0x1000, pageSize: 4096 });
    expect(answer.result).not.toBe(returned);
    expect(answer.reads).toHaveLength(MAX_LOGGED_READS);
    expect(answer.reads[1]).toEqual({ pa: 4, size: 4, value: "0x0" });
  });

  it("logs the reference's PDE and PTE reads, which the trace draws", () => {
    const answer = spec.outputSchema.parse(adapter.call(solution.translate, prepared, input));
    expect(answer.reads.map((r) => r.size)).toEqual([4, 4]);
    const trace = spec.trace?.(group.fixtures[0] as CheckGroup["fixtures"][number], input, answer);
    expect(trace?.steps.map((s) => s.level)).toEqual(["PDE", "PTE"]);
    expect(trace?.steps[0]?.flags).toContain("P");
    expect(trace?.steps[0]?.note).toMatch(/^entry 32 of the page directory$/);
    expect(trace?.outcome).toMatch(/^pa 0x[0-9a-f]{8} \(a 4 KB page\)$/);
  });

  it("rejects malformed answers and memory writes with a clear error", () => {
    const call = (f: unknown) => () => adapter.call(asEntry(f), prepared, input);
    expect(call(() => null)).toThrow(/translate returned null; return \{ ok: true/);
    expect(call(async () => ({ ok: true, pa: 1, pageSize: 4096 }))).toThrow(/Promise/);
    expect(call(() => ({ ok: true, pa: 1n, pageSize: 4096 }))).toThrow(/pa must be a number, not a bigint/);
    expect(call(() => ({ ok: true, pageSize: 4096 }))).toThrow(/pa must be a whole number, got undefined/);
    expect(call(() => ({ ok: false, fault: "GP", errorCode: 0, cr2: 0 }))).toThrow(/fault: "PF"/);
    expect(call(() => ({ ok: "yes" }))).toThrow(/ok is "yes"/);
    expect(call((_c: Cpu32, mem: PhysicalMemory) => mem.write32(0, 1))).toThrow(
      /must not write to memory \(mem.write32\)/,
    );
  });
});
