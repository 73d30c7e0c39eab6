import { describe, expect, it } from "vitest";
import { metricsAccess } from "./metrics-token";

describe("metricsAccess", () => {
  it("is disabled without a configured token, whatever the request carries", () => {
    expect(metricsAccess("Bearer anything", undefined)).toBe("disabled");
    expect(metricsAccess(null, "")).toBe("disabled");
  });

  it("allows only the exact bearer token", () => {
    const token = "s3cret-token-for-prometheus";
    expect(metricsAccess(`Bearer ${token}`, token)).toBe("allowed");
    expect(metricsAccess(`bearer   ${token}`, token)).toBe("allowed");
    expect(metricsAccess(null, token)).toBe("refused");
    expect(metricsAccess(token, token)).toBe("refused");
    expect(metricsAccess(`Bearer ${token}x`, token)).toBe("refused");
    expect(metricsAccess(`Basic ${token}`, token)).toBe("refused");
  });
});
