import { RequestError } from "../errors";

/**
 * Reads a request body of at most `maxBytes`, counting while it streams: it stops at the limit whether or not
 * a Content-Length was sent, so a 64 MB body streamed in chunks costs at most `maxBytes` of memory. Past the
 * limit the stream is cancelled and a 413 thrown (its response closes the connection).
 */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** The body as JSON: 400 for bytes that are not UTF-8 or text that is not JSON (an empty body included). */
export function parseJsonBody(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new RequestError(400, "invalid_utf8", "The request body is not valid UTF-8 text.");
  }
  if (text.trim() === "") throw new RequestError(400, "empty_body", "The request body is empty; this endpoint takes a JSON object.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestError(400, "invalid_json", "The request body is not valid JSON.");
  }
}

function tooLarge(maxBytes: number): RequestError {
  return new RequestError(413, "body_too_large", `The request body is larger than this endpoint's limit of ${maxBytes} bytes.`, {
    Connection: "close",
  });
}
