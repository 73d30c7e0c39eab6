import { describe, expect, it } from "vitest";
import { publicChecksJsonSchema } from "../../contract/http/public-checks";
import { decodePublicChecks, encodePublicChecks } from "./public-checks-codec";
import type { CheckGroup } from "../../contract/exercise";

const bytes = new Uint8Array(8192).map((_, i) => (i * 37) & 0xff);
const group: CheckGroup = {
  name: "4 KB pages",
  points: 2,
  visibility: "public",
  fixtures: [{ frames: [3, 9], bytes, meta: { cr3: 0x3000 } }],
  cases: [{ fixture: 0, input: { va: 0x08048000, access: "read" } }],
};

describe("public checks over JSON", () => {
  it("round-trips groups, fixture bytes and expected answers", () => {
    const json = JSON.parse(
      JSON.stringify(encodePublicChecks("walk-32", "abc", [group], [[{ ok: true, value: { pa: 1 } }]])),
    );
    const decoded = decodePublicChecks(publicChecksJsonSchema.parse(json));
    expect(decoded.groups[0]?.fixtures[0]?.bytes).toEqual(bytes);
    expect(decoded.groups[0]?.cases).toEqual(group.cases);
    expect(decoded.expected).toEqual([[{ ok: true, value: { pa: 1 } }]]);
  });

  it("refuses to encode a hidden check", () => {
    expect(() => encodePublicChecks("walk-32", "abc", [{ ...group, visibility: "hidden" }], [[]])).toThrow(/hidden/);
  });
});
