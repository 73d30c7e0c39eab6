import { describe, expect, it } from "vitest";
import { parseStepperProps } from "./stepper-props";

describe("parseStepperProps", () => {
  it("takes MDX's string attributes", () => {
    expect(
      parseStepperProps({ mode: "4-level", seed: "l2", va: "0xffff888000001000", access: "write", user: "false" }),
    ).toEqual({
      ok: true,
      config: { mode: "4-level", seed: "l2", va: 0xffff888000001000n, access: "write", user: false },
    });
    expect(parseStepperProps({})).toMatchObject({ ok: true, config: { mode: "i386-pse", va: null, user: null } });
  });
  it("names every bad attribute, including an address too wide for the mode", () => {
    const bad = parseStepperProps({ mode: "i368", colour: "red" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.message).toContain("mode");
      expect(bad.message).toContain("colour");
    }
    expect(parseStepperProps({ mode: "i386-pse", va: "0x1ffffffff" })).toEqual({
      ok: false,
      message: "va: A 32-bit address has at most 8 hex digits.",
    });
  });
});
