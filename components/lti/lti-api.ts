import { deepLinkAnswerResponseSchema, type DeepLinkAnswerResponse, type DeepLinkItem } from "../../contract/http/lti-deep-linking";
import { rosterPullResponseSchema, type RosterPullResponse } from "../../contract/http/lti-roster";
import { callApi } from "../api/call-api";

/** Asks the server to sign the answer to a deep-linking request with these items. */
export async function answerDeepLink(linkId: string, items: DeepLinkItem[]): Promise<DeepLinkAnswerResponse> {
  return callApi(`/api/lti/deep-linking/${encodeURIComponent(linkId)}`, deepLinkAnswerResponseSchema, { method: "POST", body: JSON.stringify({ items }) });
}

/** Pulls the course's LMS rosters now. */
export async function pullRoster(courseId: string): Promise<RosterPullResponse> {
  return callApi(`/api/courses/${encodeURIComponent(courseId)}/lti/roster`, rosterPullResponseSchema, { method: "POST" });
}

