import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), with the flags that keep
 * it from calling home. Every request is checked: anything not bound for 127.0.0.1 is aborted and
 * recorded, and the suite fails if the list is not empty.
 */
export interface E2eBrowser {
  browser: Browser;
  newPage(): Promise<{ page: Page; context: BrowserContext }>;
  /** Requests that tried to leave 127.0.0.1. */
  outsideRequests: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<E2eBrowser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    // Playwright starts Chromium with a fresh, empty profile of its own on every launch.
  });
  const outsideRequests: string[] = [];
  return {
    browser,
    outsideRequests,
    async newPage() {
      const context = await browser.newContext({
        viewport: { width: 1400, height: 1000 },
        permissions: ["clipboard-read", "clipboard-write"],
      });
      await context.route("**/*", (route) => {
        const url = new URL(route.request().url());
        const isLocal = url.hostname === "127.0.0.1" && (url.protocol === "http:" || url.protocol === "ws:");
        if (isLocal || url.protocol === "data:" || url.protocol === "blob:") return route.continue();
        outsideRequests.push(route.request().url());
        return route.abort();
      });
      return { page: await context.newPage(), context };
    },
    async close() {
      await browser.close();
    },
  };
}
