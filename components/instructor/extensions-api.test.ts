import { afterEach, describe, expect, it } from "vitest";
import { localInputToZoned } from "./extensions-api";

const originalZone = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalZone;
});

describe("localInputToZoned", () => {
  it("writes the instructor's wall-clock time with their offset on that date, across a summer-time change", () => {
    process.env.TZ = "Europe/Paris";
    expect(localInputToZoned("2027-03-27T12:00")).toBe("2027-03-27T12:00:00+01:00");
    expect(localInputToZoned("2027-03-28T12:00")).toBe("2027-03-28T12:00:00+02:00");
    process.env.TZ = "America/St_Johns";
    expect(localInputToZoned("2027-01-15T09:30")).toBe("2027-01-15T09:30:00-03:30");
    process.env.TZ = "UTC";
    expect(localInputToZoned("2027-01-15T09:30")).toBe("2027-01-15T09:30:00+00:00");
  });

  it("refuses what is not a datetime-local value", () => {
    expect(localInputToZoned("")).toBeNull();
    expect(localInputToZoned("2027-01-15 09:30")).toBeNull();
  });
});
