import { z } from "zod";
import { platformRegistrationSchema } from "../lti";

/** POST /api/admin/lti/platforms: what `npm run lti:register` takes, from the admin page. */
export const registerPlatformRequestSchema = platformRegistrationSchema;

export const platformViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  authUrl: z.string(),
  tokenUrl: z.string(),
  jwksUrl: z.string(),
  deploymentIds: z.array(z.string()),
});
export type PlatformView = z.infer<typeof platformViewSchema>;

export const registerPlatformResponseSchema = z.object({
  platform: platformViewSchema,
  platformChange: z.enum(["created", "updated", "unchanged"]),
  deploymentAdded: z.boolean(),
});
export type RegisterPlatformResponse = z.infer<typeof registerPlatformResponseSchema>;

/** POST /api/admin/lti/keys/rotate: the new signing key and the keys it replaced (still published for a day). */
export const rotateKeyResponseSchema = z.object({ kid: z.string(), rotatedOut: z.array(z.string()) });
export type RotateKeyResponse = z.infer<typeof rotateKeyResponseSchema>;

/** One of the tool's signing keys as the admin page lists it (never the private half). */
export interface ToolKeyView {
  kid: string;
  createdAt: string;
  rotatedAt: string | null;
  signing: boolean;
  published: boolean;
}
