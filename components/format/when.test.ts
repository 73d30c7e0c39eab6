import { describe, expect, it } from "vitest";
import { formatWhen } from "./when";

describe("formatWhen", () => {
  it("names the zone and shows the instant in it", () => {
    const text = formatWhen("2027-01-25T22:59:00Z", "Europe/Paris");
    expect(text).toContain("2027");
    expect(text).toMatch(/11:59|23:59/);
    expect(text).toMatch(/GMT\+1|CET/);
    expect(formatWhen(new Date("2027-01-25T22:59:00Z"), "UTC")).toMatch(/UTC/);
  });
});
