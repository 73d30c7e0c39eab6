import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DeepLinkPicker } from "@/components/lti/deep-link-picker";
import { getDb } from "@/server/db";
import { deepLinkingCatalog, findOwnDeepLink } from "@/server/lti/deep-linking";
import { requireSignedIn } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Add Pagewise content" };

/**
 * The picker for one deep-linking request: the instructor who chose "add content" in their LMS (signed in by the
 * launch) picks courses, lessons and exercises, and their choice goes back to the LMS. Anyone else, and an unknown
 * id, gets the 404 page; an answered or expired request says to start again from the LMS.
 */
export default async function DeepLinkPickerPage({ params }: { params: Promise<{ linkId: string }> }) {
  const { linkId } = await params;
  const user = await requireSignedIn(`/lti/deep-linking/${encodeURIComponent(linkId)}`);
  const db = getDb();
  const request = await findOwnDeepLink(db, linkId, user.id);
  if (!request) notFound();
  const destination = request.contextTitle ? `"${request.contextTitle}" in ${request.platformName}` : request.platformName;

  if (request.state !== "open" || !request.acceptsResourceLinks) {
    const why =
      request.state === "used"
        ? "This choice was already sent to the LMS."
        : request.state === "expired"
          ? "This request has expired: the LMS gave it a limited time."
          : `${request.platformName} does not take links to a tool in the place you started from, so Pagewise has nothing it can add there.`;
    return (
      <div className="stack page-narrow">
        <h1>Add Pagewise content</h1>
        <p className="alert warn" role="status">
          {why}
        </p>
        <p>To add content, go back to {destination} and choose to add Pagewise content again.</p>
      </div>
    );
  }

  const catalog = await deepLinkingCatalog(db);
  return (
    <div className="stack">
      <h1>Add Pagewise content to {destination}</h1>
      <DeepLinkPicker request={request} catalog={catalog} />
    </div>
  );
}
