import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RequestError } from "../errors";
import { toErrorResponse } from "./errors";

describe("toErrorResponse", () => {
  it("keeps an expected refusal's status, code, sentence and headers", async () => {
    const response = toErrorResponse(new RequestError(429, "rate_limited", "Slow down. Try again in 5 seconds.", { "Retry-After": "5" }));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({ error: { code: "rate_limited", message: "Slow down. Try again in 5 seconds." } });
  });

  it("turns invalid input into a 400 naming each field, and says 'required' for a missing one", async () => {
    const schema = z.object({ exerciseId: z.string(), code: z.string().max(3) }).strict();
    const result = schema.safeParse({ code: "too long", extra: 1 });
    const response = toErrorResponse(result.error);
    const body = (await response.json()) as { error: { code: string; message: string; fields: { path: string; message: string }[] } };
    expect(response.status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.fields.map((f) => f.path).sort()).toEqual(["(the whole body)", "code", "exerciseId"]);
    expect(body.error.fields.find((f) => f.path === "exerciseId")?.message).toBe("required (expected string)");
    expect(body.error.message).toMatch(/^The request is not valid: /);
  });

  it("answers anything else with a 500 that carries an error id and nothing internal, and logs it under that id", async () => {
    const logged: string[] = [];
    const secret = new Error("SQLITE_CONSTRAINT at /work/main/server/db.ts:12 password=hunter2");
    const response = toErrorResponse(secret, (line) => logged.push(line));
    const text = await response.text();
    const body = JSON.parse(text) as { error: { errorId: string; message: string } };
    expect(response.status).toBe(500);
    expect(body.error.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.error.message).toContain(body.error.errorId);
    expect(text).not.toMatch(/SQLITE|server\/db|hunter2|Error:/);
    expect(logged).toEqual([`[api] unexpected error ${body.error.errorId}`]);
  });
});
