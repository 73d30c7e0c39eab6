import { describe, expect, it } from "vitest";
import { RequestError } from "./errors";
import { requireSameOrigin } from "./same-origin";

const post = (headers: Record<string, string>) =>
  new Request("http://127.0.0.1:3000/api/knowledge-checks", { method: "POST", headers });

function refusal(request: Request, publicUrl: string): string | null {
  try {
    requireSameOrigin(request, publicUrl);
    return null;
  } catch (error) {
    if (error instanceof RequestError) return `${error.status} ${error.code}`;
    throw error;
  }
}

describe("requireSameOrigin", () => {
  it("lets the site's own pages through", () => {
    expect(refusal(post({ origin: "http://127.0.0.1:3000" }), "http://127.0.0.1:3000")).toBeNull();
    expect(refusal(post({ origin: "https://learn.example" }), "https://learn.example/")).toBeNull();
  });

  it("refuses another site, another port or scheme, and a request without Origin", () => {
    const publicUrl = "http://127.0.0.1:3000";
    expect(refusal(post({ origin: "https://evil.example" }), publicUrl)).toBe("403 bad_origin");
    expect(refusal(post({ origin: "http://127.0.0.1:3001" }), publicUrl)).toBe("403 bad_origin");
    expect(refusal(post({ origin: "https://127.0.0.1:3000" }), publicUrl)).toBe("403 bad_origin");
    expect(refusal(post({ origin: "null" }), publicUrl)).toBe("403 bad_origin");
    expect(refusal(post({}), publicUrl)).toBe("403 bad_origin");
  });
});
