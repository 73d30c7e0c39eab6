import { describe, expect, it } from "vitest";
import { runCopy, STALE_BYTE } from "./copy-steps";
import { parseLength, parsePointer, parseStepperProps } from "./stepper-props";
import { buildSpaceMm, buildStepperSpace, presetsFor, type PresetId } from "./stepper-space";

const space = buildStepperSpace("test");
const preset = (id: PresetId) => {
  const p = presetsFor(space).find((q) => q.id === id);
  if (p === undefined) throw new Error(id);
  return runCopy(space, p.from, p.n);
};
const kinds = (run: ReturnType<typeof runCopy>) => run.steps.map((s) => s.kind);

describe("the stepper's space", () => {
  it("is seeded: five pages from a 64 KB aligned base in the mmap area, bytes from the seed", () => {
    expect(buildStepperSpace("test")).toEqual(space);
    expect(buildStepperSpace("other").base).not.toBe(space.base);
    expect(space.base % 0x10000).toBe(0);
    expect(space.pages.map((p) => p.kind)).toEqual(["rw", "rw", "hole", "ro", "none"]);
    const mm = buildSpaceMm(space);
    expect(mm.vmas.map((v) => [v.vm_start - space.base, v.vm_end - space.base, v.vm_flags & 7])).toEqual([
      [0, 0x2000, 3],
      [0x3000, 0x4000, 1],
      [0x4000, 0x5000, 0],
    ]);
  });
});

describe("copy_from_user, step by step (facts §3.3)", () => {
  it("all mapped: two copy steps across the page boundary (20 + 20 bytes), returns 0", () => {
    const run = preset("all-mapped");
    expect(kinds(run)).toEqual(["call", "access-ok", "copy", "copy", "zero-fill", "return"]);
    expect(run.steps.filter((s) => s.kind === "copy").map((s) => s.kind === "copy" && [s.destOffset, s.len])).toEqual([
      [0, 20],
      [20, 20],
    ]);
    expect(run.notCopied).toBe(0);
    expect(run.faultsTaken).toBe(0);
    const source = space.bytes.get(space.base);
    expect([...run.dest.subarray(0, 20)]).toEqual([...(source ?? new Uint8Array()).subarray(4076)]);
  });

  it("case 1: 16 bytes before an unmapped page, n = 64: copies 16, returns 48, to[16..64) = 0, the hole faulted", () => {
    const run = preset("into-unmapped");
    expect(kinds(run)).toEqual(["call", "access-ok", "copy", "fault", "zero-fill", "return"]);
    expect(run.notCopied).toBe(48);
    expect([...run.dest.subarray(16)]).toEqual(new Array(48).fill(0));
    const fault = run.steps[3];
    expect(fault?.kind === "fault" && fault.pageVa).toBe(space.base + 0x2000);
    expect(fault?.text).toMatch(/has no VMA .*error code 0x0 .*exception-table fixup/);
    expect(run.states.map((s) => s.copied)).toEqual([0, 0, 16, 16, 16, 16]);
    expect(run.states.at(-1)).toEqual({ copied: 16, zeroed: true });
    expect(run.faultsTaken).toBe(1);
  });

  it("case 2: into a PROT_NONE page: 8 copied, returns 16", () => {
    const run = preset("into-prot-none");
    expect(run.notCopied).toBe(16);
    expect(run.steps.find((s) => s.kind === "fault")?.text).toMatch(/PROT_NONE/);
  });

  it("case 3: a kernel pointer is refused by access_ok: no copy, no fault, all zero, returns n", () => {
    const run = preset("kernel-pointer");
    expect(kinds(run)).toEqual(["call", "access-ok", "zero-fill", "return"]);
    expect(run.steps[1]).toMatchObject({ kind: "access-ok", ok: false });
    expect(run.steps[1]?.text).toMatch(/no fault is taken/);
    expect(run.notCopied).toBe(16);
    expect(run.faultsTaken).toBe(0);
    expect([...run.dest]).toEqual(new Array(16).fill(0));
  });

  it("case 4: from + n wraps past 2^64: s = 0x30 < from", () => {
    const run = preset("wrap-around");
    expect(run.steps[1]?.text).toContain("s = from + n = 0x30 after wrapping past 2^64");
    expect(run.notCopied).toBe(0x40);
  });

  it("case 7: n = 0 returns 0 and touches nothing", () => {
    const run = preset("zero-length");
    expect(kinds(run)).toEqual(["call", "return"]);
    expect(run.notCopied).toBe(0);
    expect(run.dest.length).toBe(0);
  });

  it("the kernel buffer starts stale; n past 256 is refused", () => {
    expect(STALE_BYTE).toBe(0xaa);
    expect(() => runCopy(space, BigInt(space.base), 257)).toThrow(RangeError);
  });

  it("agrees with copyFromUser on every start around the space's boundaries", () => {
    for (let off = -40; off < 5 * 4096 + 40; off += 509) {
      for (const n of [1, 7, 64, 256]) {
        const run = runCopy(space, BigInt(space.base + off), n);
        expect(run.states.at(-1)?.copied).toBe(n - run.notCopied);
      }
    }
  });
});

describe("stepper props and inputs", () => {
  it("parses pointers and lengths", () => {
    expect(parsePointer(" 0xffff888000001000 ")).toBe(0xffff888000001000n);
    expect(parsePointer("123")).toBeNull();
    expect(parsePointer("0x12345678901234567")).toBeNull();
    expect(parseLength("0x40")).toBe(64);
    expect(parseLength("257")).toBeNull();
    expect(parseLength("-1")).toBeNull();
  });

  it("reads MDX attributes and names a bad one", () => {
    expect(parseStepperProps({})).toEqual({
      ok: true,
      config: { seed: "copy-from-user-stepper", preset: "into-unmapped", custom: null },
    });
    expect(parseStepperProps({ from: "0x7f0000000ff0", n: "64" })).toMatchObject({
      ok: true,
      config: { custom: { from: 0x7f0000000ff0n, n: 64 } },
    });
    const bad = parseStepperProps({ preset: "unmaped" });
    expect(bad.ok === false && bad.message).toMatch(/^preset: /);
    expect(parseStepperProps({ from: "0x10" }).ok).toBe(false);
    expect(parseStepperProps({ from: "0x10", n: 1000 }).ok).toBe(false);
  });
});
