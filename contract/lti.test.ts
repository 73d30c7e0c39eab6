import { describe, expect, it } from "vitest";
import { platformRegistrationSchema, toolConfiguration } from "./lti";

const registration = {
  issuer: "https://canvas.instructure.com",
  clientId: "10000000000001",
  deploymentId: "1:abc",
  authUrl: "https://sso.canvaslms.com/api/lti/authorize_redirect",
  tokenUrl: "https://sso.canvaslms.com/login/oauth2/token",
  jwksUrl: "https://sso.canvaslms.com/api/lti/security/jwks",
};

describe("platformRegistrationSchema", () => {
  it("takes https URLs, and plain http only on this machine's loopback", () => {
    expect(platformRegistrationSchema.safeParse(registration).success).toBe(true);
    expect(platformRegistrationSchema.safeParse({ ...registration, jwksUrl: "http://127.0.0.1:4000/jwks" }).success).toBe(true);
    const plain = platformRegistrationSchema.safeParse({ ...registration, jwksUrl: "http://lms.example.edu/jwks" });
    expect(plain.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([["jwksUrl", "an https URL (plain http only on this machine's loopback)"]]);
    expect(platformRegistrationSchema.safeParse({ ...registration, authUrl: "not a url" }).success).toBe(false);
    expect(platformRegistrationSchema.safeParse({ ...registration, extra: 1 }).success).toBe(false);
  });
});

describe("toolConfiguration", () => {
  it("names the URLs an LMS administrator pastes, on the public origin", () => {
    expect(toolConfiguration("https://pagewise.example.edu/")).toEqual({
      loginUrl: "https://pagewise.example.edu/api/lti/login",
      launchUrl: "https://pagewise.example.edu/api/lti/launch",
      jwksUrl: "https://pagewise.example.edu/api/lti/jwks",
      deepLinkingUrl: "https://pagewise.example.edu/lti/deep-linking",
      targetLinkUri: "https://pagewise.example.edu/courses",
    });
  });
});
