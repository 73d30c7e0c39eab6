import { describe, expect, it } from "vitest";
import { buildWalkMachine } from "./walk-machine";
import { buildWalkView, decodeErrorCode, parseVa, vaFields } from "./walk-model";
import type { WalkMachine } from "./walk-types";

const preset = (machine: WalkMachine, id: string) => {
  const found = machine.presets.find((p) => p.id === id);
  if (!found) throw new Error(`no preset ${id}`);
  return found;
};
const last = (view: ReturnType<typeof buildWalkView>) => view.stages.at(-1);

describe("the i386-pse stepper on sim's seeded process", () => {
  const machine = buildWalkMachine("i386-pse", "lesson-2");

  it("walks the lesson's 0xc1234567 through one 4 MB PDE (index 772) to 0x01234567", () => {
    const view = buildWalkView(machine, 0xc1234567n, "read", false);
    expect(view.stages.map((s) => s.kind)).toEqual(["cr3", "entry", "page"]);
    const pde = view.stages[1];
    expect(pde).toMatchObject({ kind: "entry", level: "PDE", index: 772, use: "large" });
    expect(last(view)).toMatchObject({
      kind: "page",
      pa: 0x01234567,
      pageSize: 4194304,
      frameBase: 0x01000000,
      offset: 0x234567,
    });
    expect(view.fields.map((f) => [f.label, f.hi, f.lo, f.value])).toEqual([
      ["PDE index", 31, 22, 0x304n],
      ["offset", 21, 0, 0x234567n],
    ]);
  });

  it("refuses a user read of the same kernel page with error code 0x5 (P, U/S)", () => {
    const end = last(buildWalkView(machine, 0xc1234567n, "read", true));
    expect(end).toMatchObject({ kind: "pf", errorCode: 0x5, cr2: 0xc1234567n });
    if (end?.kind !== "pf") throw new Error("expected a fault");
    expect(end.bits.filter((b) => b.isSet).map((b) => b.name)).toEqual(["P", "U/S"]);
  });

  it("walks the code preset through a user PDE (_PAGE_TABLE 0x067) and a read-only PTE; a write to it is 0x7", () => {
    const code = preset(machine, "code");
    const view = buildWalkView(machine, code.va, code.access, code.user);
    expect(view.stages.map((s) => s.kind)).toEqual(["cr3", "entry", "entry", "page"]);
    const [, pde, pte] = view.stages;
    expect(pde?.kind === "entry" && BigInt(pde.step.entryValue) & 0xfffn).toBe(0x067n);
    expect(pte?.kind === "entry" && pte.index).toBe(Number((code.va >> 12n) & 0x3ffn));
    expect(last(buildWalkView(machine, code.va, "write", true))).toMatchObject({ kind: "pf", errorCode: 0x7 });
  });

  it("stops the unmapped preset at the PDE with error code 0x4, and a supervisor read with 0x0", () => {
    const unmapped = preset(machine, "unmapped");
    const view = buildWalkView(machine, unmapped.va, "read", true);
    expect(view.stages.map((s) => s.kind)).toEqual(["cr3", "entry", "pf"]);
    expect(last(view)).toMatchObject({ errorCode: 0x4, stop: "#PF 0x4: not present at PDE" });
    expect(last(buildWalkView(machine, unmapped.va, "read", false))).toMatchObject({ errorCode: 0x0 });
  });

  it("shows a reserved bit 21 in a 4 MB PDE as set and reserved, and the fault as 0xd (P, U/S, RSVD)", () => {
    const broken = buildWalkMachine("i386-pse", "lesson-2");
    const address = (broken.cpu.cr3 & 0xfffff000) + 772 * 4;
    broken.mem.write32(address, (broken.mem.read32(address) | 0x200004) >>> 0);
    const view = buildWalkView(broken, 0xc1234567n, "read", true);
    const pde = view.stages[1];
    expect(pde?.kind === "entry" && pde.bits[21]).toMatchObject({ role: "reserved", isSet: true });
    expect(last(view)).toMatchObject({ kind: "pf", errorCode: 0xd });
    expect(
      decodeErrorCode(0xd)
        .filter((b) => b.isSet)
        .map((b) => b.name),
    ).toEqual(["P", "U/S", "RSVD"]);
  });
});

describe("the PAE and x86-64 machines (sim's buildPaeProcess and buildX8664Process)", () => {
  it("PAE: the direct map in 2 MB pages, NX on the stack (a user fetch is 0x15), NULL stops at the PDE", () => {
    const machine = buildWalkMachine("pae", "seed-a");
    expect(machine.cpu.cr3 % 32).toBe(0);
    const kernel = buildWalkView(machine, 0xc1234567n, "read", false);
    expect(kernel.stages.map((s) => (s.kind === "entry" ? `${s.level}[${s.index}]` : s.kind))).toEqual([
      "cr3",
      "PDPTE[3]",
      "PDE[9]",
      "page",
    ]);
    expect(last(kernel)).toMatchObject({ pa: 0x01234567, pageSize: 2097152 });
    expect(kernel.fields.map((f) => f.label)).toEqual(["PDPTE index", "PDE index", "offset"]);
    const stack = preset(machine, "stack");
    expect(last(buildWalkView(machine, stack.va, "write", true))).toMatchObject({ kind: "page" });
    expect(last(buildWalkView(machine, stack.va, "exec", true))).toMatchObject({ kind: "pf", errorCode: 0x15 });
    const unmapped = preset(machine, "unmapped");
    expect(unmapped.va).toBe(0x10n);
    expect(last(buildWalkView(machine, unmapped.va, "read", true))).toMatchObject({
      errorCode: 0x4,
      stop: "#PF 0x4: not present at PDE",
    });
    const code = preset(machine, "code");
    expect(last(buildWalkView(machine, code.va, "exec", true))).toMatchObject({ kind: "page" });
    expect(last(buildWalkView(machine, code.va, "write", true))).toMatchObject({ kind: "pf", errorCode: 0x7 });
  });

  it("x86-64: PML4 slot 273 for the direct map, #GP for a non-canonical address, 0x4 for NULL, SMAP for the kernel", () => {
    const machine = buildWalkMachine("4-level", "seed-a");
    const kernel = buildWalkView(machine, 0xffff888001234567n, "read", false);
    expect(kernel.stages.map((s) => (s.kind === "entry" ? `${s.level}[${s.index}]` : s.kind))).toEqual([
      "cr3",
      "PML4E[273]",
      "PDPTE[0]",
      "PDE[9]",
      "page",
    ]);
    expect(last(kernel)).toMatchObject({ pa: 0x1234567, pageSize: 2097152 });
    expect(kernel.fields[0]).toMatchObject({ label: "sign extension", value: 0xffffn });
    const oneGb = buildWalkView(machine, 0xffff888040001000n, "read", false);
    expect(last(oneGb)).toMatchObject({ pa: 0x40001000, pageSize: 1073741824 });
    expect(oneGb.fields.map((f) => [f.label, f.hi, f.lo])).toEqual([
      ["sign extension", 63, 48],
      ["PML4E index", 47, 39],
      ["PDPTE index", 38, 30],
      ["offset", 29, 0],
    ]);
    expect(last(buildWalkView(machine, 0x0000800000000000n, "read", true))).toMatchObject({ kind: "gp" });
    expect(last(buildWalkView(machine, preset(machine, "unmapped").va, "read", true))).toMatchObject({
      errorCode: 0x4,
      stop: "#PF 0x4: not present at PML4E",
    });
    const stack = preset(machine, "stack");
    expect(buildWalkView(machine, stack.va, "write", true).stages.map((s) => s.kind)).toEqual([
      "cr3",
      "entry",
      "entry",
      "entry",
      "entry",
      "page",
    ]);
    // SMAP (CR4 bit 21) is on: the kernel reading the user stack without STAC is a protection fault, 0x1.
    expect(last(buildWalkView(machine, stack.va, "read", false))).toMatchObject({ kind: "pf", errorCode: 0x1 });
  });

  it("is deterministic per seed and differs across seeds", () => {
    expect(buildWalkMachine("4-level", "a").cpu.cr3).toBe(buildWalkMachine("4-level", "a").cpu.cr3);
    expect(buildWalkMachine("4-level", "a").cpu.cr3).not.toBe(buildWalkMachine("4-level", "b").cpu.cr3);
    expect(buildWalkMachine("pae", "a").presets).toEqual(buildWalkMachine("pae", "a").presets);
  });
});

describe("addresses", () => {
  it("parses hex with or without 0x and refuses what does not fit", () => {
    expect(parseVa("0xC0101234", "i386")).toEqual({ ok: true, va: 0xc0101234n });
    expect(parseVa("ffff_8880_0000_0000", "4-level")).toEqual({ ok: true, va: 0xffff888000000000n });
    expect(parseVa("0x100000000", "pae").ok).toBe(false);
    expect(parseVa("hello", "i386").ok).toBe(false);
  });
  it("splits a 4-level VA 9/9/9/9/12 under its sign extension (facts §1.2)", () => {
    expect(vaFields("4-level", 0xffffffffff600000n, null).map((f) => f.value)).toEqual([
      0xffffn,
      511n,
      511n,
      507n,
      0n,
      0n,
    ]);
  });
});

describe("why a walk stopped", () => {
  const reason = (machine: WalkMachine, va: bigint, access: "read" | "write" | "exec", user: boolean) => {
    const end = last(buildWalkView(machine, va, access, user));
    return end?.kind === "pf" ? end.reason : null;
  };
  it("names the rule and the entry (facts §1.4)", () => {
    const i386 = buildWalkMachine("i386-pse", "lesson-2");
    expect(reason(i386, 0xc1234567n, "read", true)).toBe(
      "U/S is 0 in the PDE, so this is a supervisor page, and a user-mode access may not touch it.",
    );
    expect(reason(i386, preset(i386, "code").va, "write", true)).toBe(
      "R/W is 0 in the PTE: the page is read-only, and user-mode writes always obey R/W.",
    );
    expect(reason(i386, preset(i386, "code").va, "write", false)).toBe(
      "CR0.WP is 1 and R/W is 0 in the PTE: with WP set, even the kernel may not write a read-only page.",
    );
    expect(reason(i386, 0x10n, "read", true)).toBe(
      "P is 0 in the PDE, so the CPU reads no further: nothing is mapped here.",
    );
    const x64 = buildWalkMachine("4-level", "lesson-2");
    const stack = preset(x64, "stack").va;
    expect(reason(x64, stack, "exec", true)).toBe(
      "NX is set in the PTE: no instruction may be fetched from this page.",
    );
    expect(reason(x64, stack, "read", false)).toMatch(/^SMAP is on/);
    expect(reason(x64, preset(x64, "code").va, "exec", false)).toMatch(/^SMEP is on/);
  });
});
