import { z } from "zod";

// Runs in the browser before the app's own code. zod probes whether it may compile validators with
// `Function("")`; pages forbid eval by their Content-Security-Policy (server/route/security-headers.ts), so the
// probe would be reported as a violation on every page with a widget. Validation is just as correct without it.
z.config({ jitless: true });
