import { describe, expect, it } from "vitest";
import { RequestError } from "../errors";
import { parseJsonBody, readBodyCapped } from "./read-body";

/** A body streamed in `chunks` chunks of `chunkBytes`, counting how many chunks the reader pulled. */
function streamedRequest(chunks: number, chunkBytes: number, headers: Record<string, string> = {}) {
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x61));
    },
    cancel() {
      cancelled = true;
    },
  });
  const request = new Request("http://127.0.0.1/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);
  return { request, pulled: () => pulled, cancelled: () => cancelled };
}

async function status(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof RequestError) return `${error.status} ${error.code}`;
    throw error;
  }
}

describe("readBodyCapped", () => {
  it("returns a body within the limit whole", async () => {
    const { request } = streamedRequest(4, 1000);
    expect((await readBodyCapped(request, 4000)).byteLength).toBe(4000);
  });

  it("stops reading a streamed body without Content-Length at the limit and cancels the stream", async () => {
    // 64 MB offered in 64 KB chunks; the reader must stop after about 1 MB of them.
    const body = streamedRequest(1024, 65_536);
    expect(await status(readBodyCapped(body.request, 1_000_000))).toBe("413 body_too_large");
    expect(body.pulled()).toBeLessThanOrEqual(17);
    expect(body.cancelled()).toBe(true);
  });

  it("refuses a declared Content-Length over the limit before reading anything", async () => {
    const body = streamedRequest(100, 1000, { "content-length": "100000" });
    expect(await status(readBodyCapped(body.request, 1000))).toBe("413 body_too_large");
    expect(body.pulled()).toBeLessThanOrEqual(1);
  });

  it("does not trust a Content-Length that understates the body", async () => {
    const body = streamedRequest(100, 1000, { "content-length": "10" });
    expect(await status(readBodyCapped(body.request, 5000))).toBe("413 body_too_large");
  });

  it("says to close the connection when it refuses", async () => {
    try {
      await readBodyCapped(streamedRequest(10, 1000).request, 10);
      expect.unreachable();
    } catch (error) {
      expect(error instanceof RequestError && error.headers).toEqual({ Connection: "close" });
    }
  });
});

describe("parseJsonBody", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  const refusal = (input: Uint8Array) => {
    try {
      parseJsonBody(input);
      return "ok";
    } catch (error) {
      return error instanceof RequestError ? `${error.status} ${error.code}` : "thrown";
    }
  };

  it("parses JSON text", () => {
    expect(parseJsonBody(bytes('{"code":"x","n":1}'))).toEqual({ code: "x", n: 1 });
  });

  it("refuses bytes that are not UTF-8, text that is not JSON, and an empty body, each with its own 400", () => {
    expect(refusal(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]))).toBe("400 invalid_utf8");
    expect(refusal(bytes("{code: 'x'}"))).toBe("400 invalid_json");
    expect(refusal(bytes("   "))).toBe("400 empty_body");
  });
});
