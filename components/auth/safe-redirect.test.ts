import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

const FALLBACK = "/courses";
const SITE = "https://pagewise.example";

describe("safeRedirectPath keeps paths on this site", () => {
  it.each([
    "/courses/x/y?z=1#h",
    "/",
    "/courses/memory-between-kernel-and-user/gradebook",
    "/courses?q=a%20b&next=%2F%2Fevil.example",
  ])("keeps %j", (next) => {
    expect(safeRedirectPath(next, FALLBACK)).toBe(next);
  });

  it("returns the path as a browser would parse it, so what is checked is what is followed", () => {
    expect(safeRedirectPath("/courses/../admin", FALLBACK)).toBe("/admin");
    expect(safeRedirectPath("/a b", FALLBACK)).toBe("/a%20b");
  });
});

describe("safeRedirectPath refuses every way out of this site", () => {
  it.each([
    ["no next at all", null],
    ["an empty string", ""],
    ["a relative path", "courses"],
    ["a protocol-relative URL", "//evil.example"],
    ["three slashes", "///evil.example"],
    ["a backslash browsers read as a slash", "/\\evil.example"],
    ["two backslashes", "\\\\evil.example"],
    ["a tab URL parsers drop", "/\t/evil.example"],
    ["a newline URL parsers drop", "/\n/evil.example"],
    ["an absolute https URL", "https://evil.example"],
    ["an absolute URL of this very scheme", "http://placeholder.invalid/courses"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a data: URL", "data:text/html,<script>alert(1)</script>"],
    ["encoded slashes", "/%2F%2Fevil.example"],
    ["encoded slashes, decoded", "///evil.example"],
    ["an encoded backslash", "/%5Cevil.example"],
    ["CR LF header injection, encoded", "/courses%0d%0aSet-Cookie:%20a=b"],
    ["CR LF header injection, decoded", "/courses\r\nSet-Cookie: a=b"],
    ["a NUL byte", "/courses\u0000"],
    ["a DEL", "/courses\u007f"],
    ["a leading space", " /courses"],
    ["a malformed escape", "/courses/%E0%A4%A"],
  ])("refuses %s", (_name, next) => {
    expect(safeRedirectPath(next, FALLBACK)).toBe(FALLBACK);
  });

  it("never returns a target a browser on this site would resolve to another origin", () => {
    const pathish = fc.oneof(
      fc.string(),
      fc.string({
        unit: fc.constantFrom("/", "\\", "%", "2", "F", "5", "C", ".", ":", "@", "\t", "\n", "e", "x", " "),
      }),
    );
    fc.assert(
      fc.property(pathish, (next) => {
        const target = safeRedirectPath(next, FALLBACK);
        expect(target.startsWith("/") && !target.startsWith("//")).toBe(true);
        expect(new URL(target, SITE).origin).toBe(SITE);
      }),
      { numRuns: 2000 },
    );
  });
});
