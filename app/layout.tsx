import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { ContentLiveReload } from "@/components/layout/content-live-reload";
import { SiteHeader } from "@/components/layout/site-header";
import { themeBootScript } from "@/components/layout/theme";
import { workspaceBootScript } from "@/components/workspace/workspace-storage";
import { findCurrentUser } from "@/server/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Pagewise", template: "%s · Pagewise" },
  description: "Learn how memory is shared between the Linux kernel and user processes, on a simulated x86 machine.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await findCurrentUser();
  // The per-request CSP nonce from proxy.ts: the only inline script of ours is allowed by it.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Sets the theme before the first paint so dark mode never flashes white. */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeBootScript }} />
        {/* Likewise the lesson workspace's tab and pane split, so a reload opens where the learner was. */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: workspaceBootScript }} />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader user={user} />
        <main id="main">{children}</main>
        <ContentLiveReload />
      </body>
    </html>
  );
}
