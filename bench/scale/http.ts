import http from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";

// The bench's clients share the two cores with the servers they measure, so they use node:http over kept-alive
// connections rather than fetch: measured at 0.4 ms of the bench's CPU per request against 1.0 ms for fetch
// (undici's WHATWG streams), CPU that fetch took from the servers under test. Like a browser (and fetch), they accept
// compressed answers, so what a server spends compressing is measured.

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface HttpAnswer {
  status: number;
  body: string;
  setCookies: string[];
}

/** One request on a kept-alive connection; rejects with the socket's error when the server is not there. */
export function request(url: string, options: { method?: "GET" | "POST"; headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const outgoing = http.request(url, {
      agent,
      method: options.method ?? "GET",
      headers: { "accept-encoding": "gzip, deflate, br", ...options.headers, ...(body ? { "content-length": String(body.length) } : {}) },
    });
    outgoing.once("error", reject);
    outgoing.once("response", (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.once("error", reject);
      incoming.once("end", () => {
        const setCookie = incoming.headers["set-cookie"];
        try {
          const raw = decode(Buffer.concat(chunks), incoming.headers["content-encoding"]);
          resolve({ status: incoming.statusCode ?? 0, body: raw.toString("utf8"), setCookies: setCookie ?? [] });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    outgoing.end(body);
  });
}

function decode(bytes: Buffer, encoding: string | undefined): Buffer {
  switch (encoding) {
    case undefined:
    case "identity":
      return bytes;
    case "gzip":
      return gunzipSync(bytes);
    case "deflate":
      return inflateSync(bytes);
    case "br":
      return brotliDecompressSync(bytes);
    default:
      throw new Error(`the server answered in an encoding the bench does not read: ${encoding}`);
  }
}

const CONNECTION_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ECONNABORTED", "ETIMEDOUT"]);

/** "The server is not there" (refused, reset mid-request, hung up): the client fails over; anything else is a real error. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = "code" in error && typeof error.code === "string" ? error.code : "";
  return CONNECTION_ERRORS.has(code) || error.message === "socket hang up";
}
