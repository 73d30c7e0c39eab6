import "server-only";
import { CLIENT_ADDRESS_HEADER, UNKNOWN_CLIENT_ADDRESS } from "./client-address";

let warned = false;

/**
 * The client's address as our HTTP server (scripts/serve.ts) resolved it from the socket and TRUST_PROXY.
 * Without that header the request did not come through our server (plain `next dev`, or a misconfigured
 * deploy): every such client shares the key "unknown", and production says so once, loudly.
 */
export function clientAddressOf(headers: Headers): string {
  const address = headers.get(CLIENT_ADDRESS_HEADER);
  if (address) return address;
  if (process.env.NODE_ENV === "production" && !warned) {
    warned = true;
    console.error(
      `[pagewise] requests arrive without ${CLIENT_ADDRESS_HEADER}: start the server with npm start (scripts/serve.ts), ` +
        "not next start, or per-address rate limits treat every client as one.",
    );
  }
  return UNKNOWN_CLIENT_ADDRESS;
}
