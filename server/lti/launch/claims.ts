import { z } from "zod";
import { CLAIM, LTI_VERSION, MESSAGE_TYPE } from "../../../contract/lti";

const text = (max: number) => z.string().max(max);
const url = z.string().max(4_000).refine((value) => URL.canParse(value), "a URL");

const context = z.object({ id: z.string().min(1).max(255), title: text(500).optional(), label: text(500).optional() }).passthrough();
const ags = z.object({ scope: z.array(z.string()).default([]), lineitems: url.optional(), lineitem: url.optional() }).passthrough();
const nrps = z.object({ context_memberships_url: url, service_versions: z.array(z.string()).optional() }).passthrough();

/** Claims every LTI 1.3 message carries (LTI Core 1.3, 5.3), past what jose already checked (iss, aud, exp, iat). */
const common = {
  sub: z.string().min(1).max(255, "sub is at most 255 characters (LTI Core 1.3, 5.3.6)").optional(),
  nonce: z.string().min(1).max(200),
  azp: z.string().optional(),
  name: text(500).optional(),
  given_name: text(500).optional(),
  family_name: text(500).optional(),
  email: text(320).optional(),
  [CLAIM.version]: z.literal(LTI_VERSION, { message: `the LTI version must be ${LTI_VERSION}` }),
  [CLAIM.deploymentId]: z.string().min(1).max(255),
  [CLAIM.roles]: z.array(z.string().max(500)),
  [CLAIM.context]: context.optional(),
  [CLAIM.ags]: ags.optional(),
  [CLAIM.nrps]: nrps.optional(),
};

export const resourceLinkClaimsSchema = z
  .object({
    ...common,
    [CLAIM.messageType]: z.literal(MESSAGE_TYPE.resourceLink),
    [CLAIM.targetLinkUri]: url,
    [CLAIM.resourceLink]: z.object({ id: z.string().min(1).max(255), title: text(500).optional() }).passthrough(),
  })
  .passthrough();

export const deepLinkingSettingsSchema = z
  .object({
    deep_link_return_url: url,
    accept_types: z.array(z.string()),
    accept_presentation_document_targets: z.array(z.string()),
    accept_media_types: z.string().optional(),
    accept_multiple: z.boolean().optional(),
    accept_lineitem: z.boolean().optional(),
    auto_create: z.boolean().optional(),
    title: text(500).optional(),
    text: text(4_000).optional(),
    data: z.string().max(8_000).optional(),
  })
  .passthrough();
export type DeepLinkingSettings = z.infer<typeof deepLinkingSettingsSchema>;

export const deepLinkingClaimsSchema = z
  .object({
    ...common,
    [CLAIM.messageType]: z.literal(MESSAGE_TYPE.deepLinkingRequest),
    [CLAIM.deepLinkingSettings]: deepLinkingSettingsSchema,
  })
  .passthrough();

export const launchClaimsSchema = z.union([resourceLinkClaimsSchema, deepLinkingClaimsSchema]);
export type ResourceLinkClaims = z.infer<typeof resourceLinkClaimsSchema>;
export type DeepLinkingClaims = z.infer<typeof deepLinkingClaimsSchema>;
export type LaunchClaims = ResourceLinkClaims | DeepLinkingClaims;
