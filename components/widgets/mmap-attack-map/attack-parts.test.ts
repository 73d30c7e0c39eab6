import { describe, expect, it } from "vitest";
import { frameSpans } from "./attack-bar";
import { attackPresets, parseAttackProps, type AttackSetup } from "./attack-props";
import { INITIAL_PREDICT_STATE, predictReducer, type PredictState } from "./predict-flow";

const setup: AttackSetup = {
  bug: "no-size-check",
  buffer: { bufPages: 16, bufPfn: 0x2a40 },
  credPfn: 0x2a65,
  ramFrames: 0x10000,
};

describe("props", () => {
  it("defaults to the lesson's machine and first request", () => {
    expect(parseAttackProps({})).toEqual({
      ok: true,
      setup,
      request: { length: 0x11000n, offset: 0n, writable: true },
    });
  });

  it("reads hex and decimal strings and numbers", () => {
    const r = parseAttackProps({
      bug: "raw-pfn",
      pages: "8",
      pfn: "0x100",
      cred: 300,
      ram: "64",
      length: "0x2000",
      offset: "4096",
      prot: "PROT_READ",
    });
    expect(r).toEqual({
      ok: true,
      setup: { bug: "raw-pfn", buffer: { bufPages: 8, bufPfn: 0x100 }, credPfn: 300, ramFrames: 64 * 256 },
      request: { length: 0x2000n, offset: 4096n, writable: false },
    });
  });

  it("refuses a buffer or cred page outside RAM, a cred page inside the buffer, and unknown attributes, naming each", () => {
    const outside = parseAttackProps({ ram: "16", pfn: "0x3ff8", cred: "0x10" });
    expect(outside).toEqual({ ok: false, message: "pfn: the buffer must lie in RAM (4096 frames)" });
    expect(parseAttackProps({ ram: "16", pfn: "0x10" })).toEqual({
      ok: false,
      message: "cred: the cred page must lie in RAM (4096 frames)",
    });
    expect(parseAttackProps({ cred: "0x2a41" })).toEqual({
      ok: false,
      message: "cred: the cred page cannot be one of the buffer's pages",
    });
    const typo = parseAttackProps({ bugs: "raw-pfn" });
    expect(typo.ok).toBe(false);
    const bad = parseAttackProps({ bug: "use-after-free", length: "lots" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.message).toMatch(/^bug: /);
      expect(bad.message).toContain("length: length must be a byte count in decimal or 0x-hex");
    }
  });

  it("presets are sized for the buffer", () => {
    const presets = attackPresets({ bufPages: 8, bufPfn: 0 });
    expect(presets.slice(0, 3).map((p) => [p.length, p.offset])).toEqual([
      [0x8000n, 0n],
      [0x9000n, 0n],
      [0x1000n, 0x8000n],
    ]);
  });
});

describe("the bar's spans", () => {
  const kinds = (spans: ReturnType<typeof frameSpans>) => spans.map((s) => [s.kind, s.start, s.end]);

  it("before the reveal: RAM, the buffer and the cred page, contiguous from frame 0 to the end of RAM", () => {
    expect(kinds(frameSpans(setup, null))).toEqual([
      ["ram", 0, 0x2a40],
      ["buffer", 0x2a40, 0x2a50],
      ["ram", 0x2a50, 0x2a65],
      ["cred", 0x2a65, 0x2a66],
      ["ram", 0x2a66, 0x10000],
    ]);
  });

  it("a mapping of the buffer and one frame more", () => {
    expect(kinds(frameSpans(setup, { first: 0x2a40, count: 17 }))).toEqual([
      ["ram", 0, 0x2a40],
      ["buffer-mapped", 0x2a40, 0x2a50],
      ["mapped", 0x2a50, 0x2a51],
      ["ram", 0x2a51, 0x2a65],
      ["cred", 0x2a65, 0x2a66],
      ["ram", 0x2a66, 0x10000],
    ]);
  });

  it("a mapping over the cred page and past the end of RAM extends the bar", () => {
    expect(kinds(frameSpans(setup, { first: 0x2a48, count: 0x20000 }))).toEqual([
      ["ram", 0, 0x2a40],
      ["buffer", 0x2a40, 0x2a48],
      ["buffer-mapped", 0x2a48, 0x2a50],
      ["mapped", 0x2a50, 0x2a65],
      ["cred-mapped", 0x2a65, 0x2a66],
      ["mapped", 0x2a66, 0x10000],
      ["no-ram-mapped", 0x10000, 0x22a48],
    ]);
  });

  it("a window far past RAM leaves a gap of no memory before it", () => {
    const spans = frameSpans(setup, { first: 0x2a40 + 0xfffff, count: 2 });
    expect(kinds(spans).slice(-2)).toEqual([
      ["no-ram", 0x10000, 0x2a40 + 0xfffff],
      ["no-ram-mapped", 0x2a40 + 0xfffff, 0x2a40 + 0xfffff + 2],
    ]);
  });
});

describe("predict, then reveal", () => {
  const run = (...actions: Parameters<typeof predictReducer>[1][]): PredictState =>
    actions.reduce(predictReducer, INITIAL_PREDICT_STATE);

  it("a reveal needs a prediction first", () => {
    expect(run({ type: "reveal", actual: "misses" })).toEqual(INITIAL_PREDICT_STATE);
  });

  it("a right prediction counts; the answer is locked until the request changes", () => {
    const s = run(
      { type: "predict", prediction: "refused" },
      { type: "predict", prediction: "misses" },
      { type: "reveal", actual: "misses" },
      { type: "predict", prediction: "reaches" },
      { type: "reveal", actual: "reaches" },
    );
    expect(s).toEqual({ prediction: "misses", revealed: "misses", right: 1, asked: 1 });
  });

  it("a change hides the answer and asks again, keeping the tally; a wrong prediction is asked but not right", () => {
    const s = run({ type: "predict", prediction: "misses" }, { type: "reveal", actual: "misses" }, { type: "change" });
    expect(s).toEqual({ prediction: null, revealed: null, right: 1, asked: 1 });
    const t = [
      { type: "predict", prediction: "refused" },
      { type: "reveal", actual: "reaches" },
    ] as const;
    expect(t.reduce(predictReducer, s)).toEqual({ prediction: "refused", revealed: "reaches", right: 1, asked: 2 });
  });
});
