import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import type { CheckGroup } from "../../../../../../contract/exercise";
import { exerciseTests } from "../../../../../kit/testing/exercise-tests";
import { fixtureMemory } from "../../../../../kit/testing/fixture-memory";
import { asEntry } from "../../../../../kit/testing/judge-group";
import { createRng, PhysicalMemory, walkLong, type Access, type CpuState } from "../../../../../../sim/index";
import { adapter, MAX_LOGGED_READS, type WalkAnswer, type WalkResult } from "./adapter";
import { hiddenChecks } from "./hidden";
import * as solution from "./solution";
import { spec } from "./spec";
import { walkInputSchema } from "./spec-input";
import {
  CR0_DEFAULT,
  CR0_NO_WP,
  CR4_BOTH,
  EFER_DEFAULT,
  EFER_NO_NXE,
  processMachine,
  randomWalks,
} from "./spec-machines";
import * as starter from "./starter";

// The unit project does not apply vitest.config.ts's top-level alias, so map the learners' module here.
vi.mock("@pagewise/sim", () => import("../../../../../../sim/learner-api"));

/** The registers a case runs with: the fixture's, overridden by the case input (as the adapter does). */
function caseOf(group: CheckGroup, index: number): { cpu: CpuState; va: bigint; access: Access; maxPhyAddr: number } {
  const c = group.cases[index];
  const meta = group.fixtures[c?.fixture ?? -1]?.meta;
  if (!c || !meta) throw new Error("bad case");
  return registersOf(meta, c.input);
}

/** caseOf for one case's input on a fixture's meta. */
function registersOf(meta: Record<string, unknown>, caseInput: Record<string, unknown>) {
  const input = walkInputSchema.parse(caseInput);
  const cpu: CpuState = {
    cr0: input.cr0 ?? Number(meta.cr0),
    cr3: Number(meta.cr3),
    cr4: input.cr4 ?? Number(meta.cr4),
    efer: input.efer ?? Number(meta.efer),
    ac: input.ac ?? false,
    user: input.user,
    implicit: input.implicit ?? false,
  };
  return { cpu, va: BigInt(input.va), access: input.access, maxPhyAddr: input.maxPhyAddr ?? Number(meta.maxPhyAddr) };
}

/** sim's walkLong as plain data, the shape the adapter hands back. */
function reference(cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, maxPhyAddr: number): WalkResult {
  const r = walkLong(cpu, mem, va, access, false, { maxPhyAddr });
  if (r.ok) return { ok: true, pa: r.pa, pageSize: r.pageSize };
  if (r.fault === "GP") return { ok: false, fault: "GP", errorCode: 0 };
  return { ok: false, fault: "PF", errorCode: r.errorCode, cr2: "0x" + r.cr2.toString(16) };
}

/** Checks are judged against sim's walkLong, through the adapter and the spec. */
const { judge, expectCheckBasics, expectPassedBy, checks, mistakes, expectAllFailedBy } = exerciseTests(
  { spec, adapter, hiddenChecks },
  (fixture, c): WalkAnswer => {
    const mem = fixtureMemory(fixture);
    const { cpu, va, access, maxPhyAddr } = registersOf(fixture.meta, c.input);
    return { result: reference(cpu, mem, va, access, maxPhyAddr), reads: [] };
  },
);

/** The solution's answer as plain data (CR2 as hex), for comparing with `reference`. */
function solve(cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, maxPhyAddr: number): WalkResult {
  const r = solution.translate(cpu, mem, va, access, maxPhyAddr);
  if (r.ok) return { ok: true, pa: r.pa, pageSize: r.pageSize };
  return r.fault === "GP"
    ? { ok: false, fault: "GP", errorCode: 0 }
    : { ok: false, fault: "PF", errorCode: r.errorCode, cr2: "0x" + r.cr2.toString(16) };
}

const SEEDS = ["learner-ada", "learner-grace", "learner-linus"];

describe("walk-64 reference solution", () => {
  it("agrees with sim's walkLong on thousands of random entries, registers and addresses", () => {
    const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    fc.assert(
      fc.property(
        fc.array(u64, { minLength: 4, maxLength: 4 }),
        fc.bigInt({ min: 0n, max: (1n << 48n) - 1n }),
        fc.record({
          wp: fc.boolean(),
          smep: fc.boolean(),
          smap: fc.boolean(),
          nxe: fc.boolean(),
          ac: fc.boolean(),
          user: fc.boolean(),
          implicit: fc.boolean(),
        }),
        fc.constantFrom<Access>("read", "write", "exec"),
        fc.constantFrom(36, 39, 46, 52),
        (raw, low48, flags, access, maxPhyAddr) => {
          // Canonical by sign extension most of the time; the entries point at fixed tables, biased to present.
          const va =
            raw[0] !== undefined && raw[0] % 16n === 0n
              ? low48
              : low48 & (1n << 47n)
                ? low48 | 0xffff000000000000n
                : low48;
          const mem = new PhysicalMemory();
          const tables = [0x1000n, 0x2000n, 0x3000n, 0x4000n];
          raw.forEach((value, i) => {
            const shift = BigInt(39 - 9 * i);
            const present = value & 0x100n ? value : value | 1n;
            // Keep the address of intermediate entries pointing at the next table (with some high bits left in).
            const entry = i < 3 && value & 0x200n ? (present & ~0x000ffffffffff000n) | (tables[i + 1] ?? 0n) : present;
            mem.write64(Number((tables[i] ?? 0n) + ((va >> shift) & 511n) * 8n), entry);
          });
          const cpu: CpuState = {
            cr0: flags.wp ? CR0_DEFAULT : CR0_NO_WP,
            cr3: 0x1000,
            cr4:
              flags.smep || flags.smap
                ? (CR4_BOTH & ~(flags.smep ? 0 : 0x100000) & ~(flags.smap ? 0 : 0x200000)) >>> 0
                : 0x20,
            efer: flags.nxe ? EFER_DEFAULT : EFER_NO_NXE,
            ac: flags.ac,
            user: flags.user,
            implicit: flags.implicit,
          };
          expect(solve(cpu, mem, va, access, maxPhyAddr)).toEqual(reference(cpu, mem, va, access, maxPhyAddr));
        },
      ),
      { numRuns: 4000, seed: 0x64 },
    );
  });

  it("agrees with walkLong on seeded processes", () => {
    for (const seed of SEEDS) {
      const machine = processMachine(seed, { gbPages: seed !== "learner-linus" });
      for (const input of randomWalks(createRng(seed), machine, 700)) {
        const cpu: CpuState = {
          cr0: input.cr0 ?? CR0_DEFAULT,
          cr3: machine.cr3,
          cr4: input.cr4 ?? 0xa0,
          efer: input.efer ?? EFER_DEFAULT,
          ac: input.ac ?? false,
          user: input.user,
          implicit: input.implicit ?? false,
        };
        const va = BigInt(input.va);
        expect(solve(cpu, machine.mem, va, input.access, 46)).toEqual(
          reference(cpu, machine.mem, va, input.access, 46),
        );
      }
    }
  });
});

describe("walk-64 checks", () => {
  it("give exactly settings.points, deterministic per seed, public ones public", () => {
    expectCheckBasics({ seededPublic: 5, seededHidden: 12 });
  }, 30_000);

  it("are all passed by the reference solution, judged through the adapter against walkLong", () => {
    expectPassedBy(solution.translate, SEEDS);
  });

  it("cover the facts file's outcomes: #GP, every page size, not present, protection, reserved bits", () => {
    const seen = new Set<string>();
    for (const group of [...spec.publicChecks("kinds"), ...hiddenChecks("kinds")]) {
      const machines = group.fixtures.map((f) => PhysicalMemory.fromWire(f));
      group.cases.forEach((c, index) => {
        const { cpu, va, access, maxPhyAddr } = caseOf(group, index);
        const r = reference(cpu, machines[c.fixture] as PhysicalMemory, va, access, maxPhyAddr);
        seen.add(
          r.ok
            ? `page ${r.pageSize}`
            : r.fault === "GP"
              ? "GP"
              : r.errorCode & 8
                ? "RSVD"
                : r.errorCode & 1
                  ? "protection"
                  : "not present",
        );
      });
    }
    expect([...seen].sort()).toEqual([
      "GP",
      "RSVD",
      "not present",
      "page 1073741824",
      "page 2097152",
      "page 4096",
      "protection",
    ]);
  });

  it("are failed by the starter code, every one of them", () => {
    expectAllFailedBy(starter.translate, checks("starter", "starter"));
  });

  it("each edge-case check catches the mistake it is named after", () => {
    const failsOn = mistakes();
    const withArgs = (change: (cpu: CpuState, va: bigint, m: number) => [CpuState, bigint, number]) =>
      asEntry((cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, m: number) => {
        const [c, v, mp] = change(cpu, va, m);
        return solution.translate(c, mem, v, access, mp);
      });
    // No canonical check: the low 48 bits are sign-extended, so a hole address walks like its canonical twin.
    const noCanonical = withArgs((cpu, va, m) => [
      cpu,
      va & 0x800000000000n ? va | 0xffff000000000000n : va & 0xffffffffffffn,
      m,
    ]);
    expect(failsOn("Non-canonical 0x0000800000000000 raises #GP(0)", noCanonical)).toMatch(/canonical/);
    expect(failsOn("Non-canonical 0xffff7fffffffffff raises #GP(0)", noCanonical)).toMatch(/#GP\(0\)/);
    const alwaysGpHigh = asEntry((cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, m: number) =>
      va >= 0x7ffffffff000n ? { ok: false, fault: "GP", errorCode: 0 } : solution.translate(cpu, mem, va, access, m),
    );
    expect(failsOn("0x00007ffffffff000 is canonical: walked, not #GP", alwaysGpHigh)).toMatch(
      /This address is canonical/,
    );
    expect(
      failsOn(
        "MAXPHYADDR: address bits 51:M are reserved",
        withArgs((cpu, va) => [cpu, va, 52]),
      ),
    ).toMatch(/RSVD/);
    expect(
      failsOn(
        "XD at any level with EFER.NXE; bit 63 reserved without it",
        withArgs((cpu, va, m) => [{ ...cpu, efer: EFER_DEFAULT }, va, m]),
      ),
    ).toMatch(/bit 63/);
    expect(
      failsOn(
        "SMEP and SMAP, with EFLAGS.AC and implicit accesses",
        withArgs((cpu, va, m) => [{ ...cpu, implicit: false }, va, m]),
      ),
    ).not.toBe("");
    const truncated = asEntry((cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, m: number) => {
      const r = solution.translate(cpu, mem, va, access, m);
      return r.ok ? { ...r, pa: r.pa % 2 ** 32 } : r;
    });
    expect(failsOn("4 KB pages: PAT in bit 7, ignored bits, frames above 4 GB", truncated)).toMatch(/bits 51:12/);
    const numberCr2 = asEntry((cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, m: number) => {
      const r = solution.translate(cpu, mem, va, access, m);
      return !r.ok && r.fault === "PF" ? { ...r, cr2: Number(r.cr2 & 0xffffffffn) } : r;
    });
    expect(
      spec
        .publicChecks("cr2")
        .some((g) => judge(g, numberCr2).messages.some((m) => /CR2 is the faulting virtual address/.test(m))),
    ).toBe(true);
  });
});

describe("walk-64 messages speak to the learner", () => {
  const input = { va: "0x00007f1234567abc", access: "write", user: true };
  const fault = (errorCode: number, cr2 = "0x7f1234567abc"): WalkAnswer => ({
    result: { ok: false, fault: "PF", errorCode, cr2 },
    reads: [],
  });
  const page = (pa: number, pageSize = 4096): WalkAnswer => ({ result: { ok: true, pa, pageSize }, reads: [] });
  const gp: WalkAnswer = { result: { ok: false, fault: "GP", errorCode: 0 }, reads: [] };
  const message = (expected: WalkAnswer, actual: WalkAnswer, over: Record<string, unknown> = {}) => {
    const verdict = spec.compare({ ...input, ...over }, expected, actual);
    return verdict.pass ? "" : verdict.message;
  };

  it("says what was asked, returned and expected", () => {
    expect(message(fault(7), page(0x1234567abc))).toBe(
      "Walking 0x00007f1234567abc for a user write: you returned pa 0x1234567abc (a 4 KB page), expected a page fault with error code 0x7 (P|W|U) and CR2 0x00007f1234567abc. Hint: A user write needs U/S = 1 and R/W = 1 in all four entries (PML4E, PDPTE, PDE, PTE).",
    );
    expect(message(gp, fault(6, "0x800000000000"), { va: "0x0000800000000000" })).toMatch(
      /^Walking 0x0000800000000000 for a user write: you returned a page fault .* expected a general-protection fault #GP\(0\)\. Hint: Bits 63:47/,
    );
  });

  it("hints at the classic mistakes", () => {
    expect(message(page(0x1000), page(0x1000))).toBe("");
    expect(message(page(0x1000), gp)).toMatch(/This address is canonical/);
    expect(message(page(0x40001000, 1073741824), page(0x1000, 4096))).toMatch(/1 GB page: the offset is VA bits 29:0/);
    expect(message(fault(7), fault(3))).toMatch(/U\/S \(0x4\) describes who accessed/);
    expect(message(fault(0xf), fault(7))).toMatch(/reserved bit/);
    expect(message(fault(0x15), fault(0x5), { access: "exec" })).toMatch(/I\/D \(0x10\)/);
    expect(message(page(0x123456789000), page(0x56789000))).toMatch(/bits 51:12/);
    expect(message(page(0x5000abc), page(0x7f1234567abc))).toMatch(/the virtual address itself/);
  });
});

describe("walk-64 adapter and trace", () => {
  const group = spec.publicChecks("adapter")[0] as CheckGroup;
  const fixture = group.fixtures[0] as CheckGroup["fixtures"][number];
  const prepared = adapter.prepare(fixture);
  const input = group.cases[0]?.input ?? {};

  it("logs the reference's four 8-byte reads, which the trace draws level by level", () => {
    const answer = spec.outputSchema.parse(
      JSON.parse(JSON.stringify(adapter.call(solution.translate, prepared, input))),
    );
    expect(answer.reads.map((r) => r.size)).toEqual([8, 8, 8, 8]);
    const trace = spec.trace?.(fixture, input, answer);
    expect(trace?.steps.map((s) => s.level)).toEqual(["PML4E", "PDPTE", "PDE", "PTE"]);
    expect(trace?.steps.every((s) => s.note?.startsWith("entry "))).toBe(true);
    expect(trace?.steps[0]?.flags).toEqual(expect.arrayContaining(["P", "RW", "US"]));
    expect(trace?.outcome).toMatch(/^pa 0x[0-9a-f]+ \(a 4 KB page\)$/);
  });

  it("draws two 4-byte reads of one entry as one entry, and says where a misplaced read should have been", () => {
    const halves = asEntry((cpu: CpuState, mem: PhysicalMemory) => {
      const at = Number(BigInt(cpu.cr3) & 0xffffffffff000n) + 8;
      mem.read32(at);
      mem.read32(at + 4);
      return { ok: true, pa: 0, pageSize: 4096 };
    });
    const answer = spec.outputSchema.parse(adapter.call(halves, prepared, input));
    const trace = spec.trace?.(fixture, input, answer);
    expect(trace?.steps).toHaveLength(1);
    expect(trace?.steps[0]?.note).toMatch(/^read at 0x[0-9a-f]+, but entry \d+ of the PML4 is at 0x[0-9a-f]+$/);
  });

  it("copies the answer out, caps the log, and rejects malformed answers and memory writes", () => {
    const many = asEntry((_cpu: CpuState, mem: PhysicalMemory) => {
      for (let i = 0; i < 20; i++) mem.read64(i * 8);
      return { ok: false, fault: "PF", errorCode: 4, cr2: 0xffff888000000000n, extra: 1 };
    });
    const answer = adapter.call(many, prepared, input);
    expect(answer.result).toEqual({ ok: false, fault: "PF", errorCode: 4, cr2: "0xffff888000000000" });
    expect(answer.reads).toHaveLength(MAX_LOGGED_READS);
    const call = (f: unknown) => () => adapter.call(asEntry(f), prepared, input);
    expect(call(() => null)).toThrow(/translate returned null/);
    expect(call(async () => ({ ok: true, pa: 1, pageSize: 4096 }))).toThrow(/Promise/);
    expect(call(() => ({ ok: true, pa: 1n, pageSize: 4096 }))).toThrow(/pa must be a number, not a bigint/);
    expect(call(() => ({ ok: false, fault: "PF", errorCode: 4, cr2: "0x1" }))).toThrow(/cr2 must be a bigint/);
    expect(call(() => ({ ok: false, fault: "UD", errorCode: 0 }))).toThrow(/fault: "PF" or "GP"/);
    expect(call((_c: CpuState, mem: PhysicalMemory) => mem.write64(0, 1n))).toThrow(
      /must not write to memory \(mem.write64\)/,
    );
  });
});
