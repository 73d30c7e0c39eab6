import "server-only";
import { z } from "zod";

/** What the picker and the answer need of a request's deep_linking_settings claim (Deep Linking 2.0, 4.4.1). */
export interface DeepLinkSettings {
  /** accept_types; null when the claim did not say (then resource links are taken to be accepted). */
  acceptTypes: string[] | null;
  acceptMultiple: boolean;
  acceptLineItem: boolean;
}

// Platforms differ in small ways (a flag sent as "true", a field left out), and the settings were stored by the
// launch as the claim came: each field is read on its own, and one that does not parse counts as not sent rather
// than failing the whole request.
const flag = z.union([z.boolean(), z.enum(["true", "false"]).transform((text) => text === "true")]);
const settingsSchema = z.object({
  accept_types: z.array(z.string()).optional().catch(undefined),
  accept_multiple: flag.optional().catch(undefined),
  accept_lineitem: flag.optional().catch(undefined),
});

/**
 * The stored settings JSON, read leniently. accept_multiple absent means one item only (the conservative reading: an
 * LMS that takes one and gets two may drop both); accept_lineitem absent means line items are welcome (the spec's
 * default: a platform that cannot make them ignores them).
 */
export function parseDeepLinkSettings(json: string): DeepLinkSettings {
  const parsed = settingsSchema.safeParse(safeJson(json));
  const settings = parsed.success ? parsed.data : {};
  return {
    acceptTypes: settings.accept_types ?? null,
    acceptMultiple: settings.accept_multiple ?? false,
    acceptLineItem: settings.accept_lineitem !== false,
  };
}

/** Whether the LMS takes LTI resource links, the one content item type Pagewise answers with. */
export function acceptsResourceLinks(settings: DeepLinkSettings): boolean {
  return settings.acceptTypes === null || settings.acceptTypes.includes("ltiResourceLink");
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
