import { describe, expect, it } from "vitest";
import { versionedBytes } from "./exercise-version";

const settings = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2));

describe("versionedBytes", () => {
  it("leaves every file but settings.json as it is", () => {
    const bytes = Buffer.from('{"access": 1}');
    expect(versionedBytes("spec.ts", bytes)).toBe(bytes);
  });

  it("gives settings.json the same bytes whatever its access windows, and different bytes when anything else changes", () => {
    const base = { id: "walk-32", title: "Walk", points: 10, entry: "walk" };
    const plain = versionedBytes("settings.json", settings(base));
    const withWindow = versionedBytes("settings.json", settings({ ...base, access: [{ until: "2027-01-01T00:00:00Z", credit: 100 }] }));
    const otherWindow = versionedBytes("settings.json", settings({ ...base, access: [{ until: "2028-01-01T00:00:00Z", credit: 50 }] }));
    expect(withWindow.equals(plain)).toBe(true);
    expect(otherWindow.equals(plain)).toBe(true);
    expect(versionedBytes("settings.json", settings({ ...base, points: 11 })).equals(plain)).toBe(false);
  });

  it("passes through a settings.json that is not a JSON object", () => {
    const broken = Buffer.from("{ not json");
    expect(versionedBytes("settings.json", broken)).toBe(broken);
  });
});
