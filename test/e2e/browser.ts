import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { THEME_STORAGE_KEY } from "../../components/layout/theme";

/** How a page is opened: the screen it sees, its theme, and whether it is a phone. */
export interface PageOptions {
  /** CSS pixels; 1400 x 1000 unless given. */
  viewport?: { width: number; height: number };
  /** Dark mode as a learner who chose it with the theme toggle: stored before the first script runs. */
  dark?: boolean;
  /** A phone: mobile viewport rules (the page's meta viewport), touch events and a high-density screen. */
  mobile?: boolean;
  /** Cookies to start with (a `context.storageState()` of a signed-in context), so a test signs in once. */
  storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>;
}

/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), with the flags that keep
 * it from calling home. Every request is checked: anything not bound for 127.0.0.1 is aborted and
 * recorded, and the suite fails if the list is not empty.
 */
export interface E2eBrowser {
  browser: Browser;
  /** A fresh context and page; with no options, a 1400 x 1000 desktop in the system's (light) theme. */
  newPage(options?: PageOptions): Promise<{ page: Page; context: BrowserContext }>;
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
    async newPage(options: PageOptions = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1400, height: 1000 },
        permissions: ["clipboard-read", "clipboard-write"],
        ...(options.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
        ...(options.dark ? { colorScheme: "dark" as const } : {}),
        ...(options.storageState ? { storageState: options.storageState } : {}),
      });
      if (options.dark) {
        // What the theme toggle stores; the page's boot script reads it before the first paint.
        await context.addInitScript(
          ([key]) => {
            try {
              localStorage.setItem(key, "dark");
            } catch {
              // about:blank and other opaque origins have no storage; the real pages do.
            }
          },
          [THEME_STORAGE_KEY] as const,
        );
      }
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
