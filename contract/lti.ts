import { z } from "zod";

// LTI 1.3 names (IMS LTI Core 1.3, Security Framework 1.0, AGS 2.0, Deep Linking 2.0, NRPS 2.0), shared by the
// server (server/lti) and the stand-in platform of the tests. Claims are URIs; these constants are their spelling.

export const LTI_VERSION = "1.3.0";
const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  ags: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  nrps: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  deepLinkingContentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  deepLinkingData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
  deepLinkingMessage: "https://purl.imsglobal.org/spec/lti-dl/claim/msg",
} as const;

export const SCOPE = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  lineItemReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  resultReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  memberships: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
} as const;

export const MEDIA_TYPE = {
  score: "application/vnd.ims.lis.v1.score+json",
  memberships: "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
} as const;

export const MESSAGE_TYPE = {
  resourceLink: "LtiResourceLinkRequest",
  deepLinkingRequest: "LtiDeepLinkingRequest",
  deepLinkingResponse: "LtiDeepLinkingResponse",
} as const;

/** AGS 2.0 score activityProgress and gradingProgress values. */
export const activityProgressSchema = z.enum(["Initialized", "Started", "InProgress", "Submitted", "Completed"]);
export const gradingProgressSchema = z.enum(["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"]);

/** A URL a platform may use: https, or http on this machine's loopback (a stand-in platform in tests, a local LMS). */
export const platformUrlSchema = z
  .url({ message: "a URL (https://...)" })
  .max(2_000)
  .refine((text) => {
    if (!URL.canParse(text)) return true; // z.url() has said what is wrong with it
    const url = new URL(text);
    return url.protocol === "https:" || (url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname));
  }, "an https URL (plain http only on this machine's loopback)");

/** What `npm run lti:register` and the admin page take: a platform registration and one of its deployments. */
export const platformRegistrationSchema = z
  .object({
    issuer: platformUrlSchema,
    clientId: z.string().trim().min(1).max(255),
    deploymentId: z.string().trim().min(1).max(255),
    authUrl: platformUrlSchema,
    tokenUrl: platformUrlSchema,
    jwksUrl: platformUrlSchema,
    name: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type PlatformRegistration = z.infer<typeof platformRegistrationSchema>;

/** The URLs an LMS administrator pastes into their LMS (printed by lti:register, shown on /admin/lti). */
export interface ToolConfiguration {
  loginUrl: string;
  launchUrl: string;
  jwksUrl: string;
  deepLinkingUrl: string;
  /** A target link URI for a plain link: the course catalog. */
  targetLinkUri: string;
}

export function toolConfiguration(publicUrl: string): ToolConfiguration {
  const origin = new URL(publicUrl).origin;
  return {
    loginUrl: `${origin}/api/lti/login`,
    launchUrl: `${origin}/api/lti/launch`,
    jwksUrl: `${origin}/api/lti/jwks`,
    deepLinkingUrl: `${origin}/lti/deep-linking`,
    targetLinkUri: `${origin}/courses`,
  };
}
