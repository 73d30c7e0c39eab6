import { UNKNOWN_CLIENT_ADDRESS } from "../route/client-address";
import type { AuditActor } from "./actions";

/** The actor of a request made by a signed-in user: who, and from which client address. */
export type UserActor = Extract<AuditActor, { kind: "user" }>;

/**
 * The signed-in user of a route (its grant) and the request's client address, as the audit log records them: no
 * address (null) when the request did not come through our server, rather than the rate limiter's shared key.
 */
export function userActor(user: { id: string; email: string }, clientAddress: string): UserActor {
  return { kind: "user", userId: user.id, email: user.email, address: recordedAddress(clientAddress) };
}

/** Someone not signed in (a failed sign-in), known by the request's client address only. */
export function visitorActor(clientAddress: string): AuditActor {
  return { kind: "visitor", address: recordedAddress(clientAddress) };
}

/** The route's client address as an entry records it: none (null) in place of the rate limiter's shared key. */
function recordedAddress(clientAddress: string): string | null {
  return clientAddress === UNKNOWN_CLIENT_ADDRESS ? null : clientAddress;
}

/** An operator's command (`npm run regrade`, `npm run admin:create`). */
export function cliActor(command: string): AuditActor {
  return { kind: "cli", command };
}
