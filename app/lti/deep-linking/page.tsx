import type { Metadata } from "next";
import Link from "next/link";
import { LmsSetupHelp } from "@/components/lti/lms-setup-help";
import { toolConfiguration } from "@/contract/lti";
import { getEnv } from "@/server/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Add Pagewise content to an LMS" };

/**
 * The deep-linking URL an LMS is configured with, opened directly (a bookmark, a pasted address): there is no LMS
 * request to answer here. An LMS's "add content" posts to the launch, which opens /lti/deep-linking/<id>.
 */
export default function DeepLinkingInfoPage() {
  return (
    <div className="stack prose">
      <h1>Add Pagewise content to an LMS</h1>
      <p>
        This page opens from your LMS: in a course of Canvas, Moodle or another LTI 1.3 LMS, choose to add an external tool&apos;s content (&quot;add
        content&quot;, &quot;select content&quot;, an assignment&apos;s external tool), pick Pagewise, and the LMS brings you to a Pagewise picker. There you choose
        courses, lessons or exercises, and they appear in the LMS course; exercises as graded items whose grades Pagewise sends back.
      </p>
      <p>
        Opened directly, there is nothing to pick for. To browse Pagewise itself, see the <Link href="/courses">courses</Link>.
      </p>
      <h2>Setting Pagewise up in an LMS</h2>
      <LmsSetupHelp configuration={toolConfiguration(getEnv().PUBLIC_URL)} />
    </div>
  );
}
