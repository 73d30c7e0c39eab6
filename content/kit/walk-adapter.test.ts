import { describe, expect, it } from "vitest";
import { describeValue } from "./adapter-values";
import { logReads, MAX_LOGGED_READS, pageOf, refuseWrites, translationOf, type WalkRead } from "./walk-adapter";

describe("walk-adapter", () => {
  it("logs the first reads as 0x-hex and says why writes are refused", () => {
    const reads: WalkRead[] = [];
    const log = logReads(reads);
    for (let i = 0; i < 20; i++) log(i * 8, 8, BigInt(i) << 40n);
    expect(reads).toHaveLength(MAX_LOGGED_READS);
    expect(reads[1]).toEqual({ pa: 8, size: 8, value: "0x10000000000" });
    expect(refuseWrites("translate", "read only").call(null, "write32").message).toBe(
      "translate must not write to memory (mem.write32): read only",
    );
  });

  it("reads a returned translation's ok and page, or says what came back instead", () => {
    const shapes = "{ ok: true, pa, pageSize }";
    expect(translationOf({ ok: false }, shapes, describeValue)).toEqual({ answer: { ok: false }, ok: false });
    expect(() => translationOf(5n, shapes, describeValue)).toThrow(
      /^translate returned 5n; return \{ ok: true, pa, pageSize \}$/,
    );
    expect(() => translationOf(Promise.resolve(), shapes, describeValue)).toThrow(
      /returned a Promise; .* returning \{ ok/,
    );
    expect(() => translationOf({ ok: 1 }, shapes, describeValue)).toThrow(
      /^translate returned an object whose ok is 1; return/,
    );
    const number = (v: unknown, name: string) => (typeof v === "number" ? v : Number.NaN) + name.length;
    expect(pageOf({ ok: true, pa: 1, pageSize: 4096, extra: 1 }, number)).toEqual({ ok: true, pa: 3, pageSize: 4104 });
  });
});
