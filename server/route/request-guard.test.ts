import { describe, expect, it } from "vitest";
import { RequestError } from "../errors";
import { isStateChanging, requireJsonContentType, requireSameOrigin } from "./request-guard";

function refusal(check: () => void): string | null {
  try {
    check();
    return null;
  } catch (error) {
    if (error instanceof RequestError) return `${error.status} ${error.code}`;
    throw error;
  }
}

const headers = (init: Record<string, string>) => new Headers(init);

describe("requireSameOrigin", () => {
  it("lets the site's own pages through", () => {
    expect(refusal(() => requireSameOrigin(headers({ origin: "http://127.0.0.1:3000" }), "http://127.0.0.1:3000"))).toBeNull();
    expect(refusal(() => requireSameOrigin(headers({ origin: "https://learn.example" }), "https://learn.example/"))).toBeNull();
  });

  it("refuses another site, another port or scheme, an opaque origin and a request without Origin", () => {
    const publicUrl = "http://127.0.0.1:3000";
    expect(refusal(() => requireSameOrigin(headers({ origin: "https://evil.example" }), publicUrl))).toBe("403 bad_origin");
    expect(refusal(() => requireSameOrigin(headers({ origin: "http://127.0.0.1:3001" }), publicUrl))).toBe("403 bad_origin");
    expect(refusal(() => requireSameOrigin(headers({ origin: "https://127.0.0.1:3000" }), publicUrl))).toBe("403 bad_origin");
    expect(refusal(() => requireSameOrigin(headers({ origin: "null" }), publicUrl))).toBe("403 bad_origin");
    expect(refusal(() => requireSameOrigin(headers({}), publicUrl))).toBe("403 missing_origin");
  });
});

describe("requireJsonContentType", () => {
  it("takes application/json with or without a charset, in any case", () => {
    expect(refusal(() => requireJsonContentType(headers({ "content-type": "application/json" })))).toBeNull();
    expect(refusal(() => requireJsonContentType(headers({ "content-type": "Application/JSON; charset=utf-8" })))).toBeNull();
  });

  it("refuses the content types a cross-site form can send, and none at all, with 415", () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"]) {
      expect(refusal(() => requireJsonContentType(headers({ "content-type": type })))).toBe("415 unsupported_media_type");
    }
    expect(refusal(() => requireJsonContentType(headers({})))).toBe("415 unsupported_media_type");
  });
});

describe("isStateChanging", () => {
  it("is true for the methods that change state and false for reads", () => {
    expect(["POST", "PUT", "PATCH", "DELETE", "post"].map(isStateChanging)).toEqual([true, true, true, true, true]);
    expect(["GET", "HEAD", "OPTIONS"].map(isStateChanging)).toEqual([false, false, false]);
  });
});
