import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { ScoreDeliveryView } from "../../contract/lti-deliveries";
import { ScoreDeliveries } from "./score-deliveries";

// The Retry button refreshes the page through Next's router, which a static render has none of.
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => undefined }) }));

const row = (overrides: Partial<ScoreDeliveryView> = {}): ScoreDeliveryView => ({
  id: "score-1",
  courseId: "course-1",
  learner: { id: "u1", name: "Ada Lovelace", email: "ada@example.org" },
  exercise: { id: "walk-32", title: "Walk a 32-bit page table" },
  platformName: "Canvas",
  scoreGiven: 7.5,
  scoreMaximum: 20,
  state: "delivered",
  attempts: 1,
  lastStatus: 200,
  lastError: null,
  producedAt: "2027-03-01T12:00:00.000Z",
  nextAttemptAt: "2027-03-01T12:00:00.000Z",
  deliveredAt: "2027-03-01T12:00:01.000Z",
  ...overrides,
});

const render = (rows: ScoreDeliveryView[], showRetry: boolean) => renderToStaticMarkup(createElement(ScoreDeliveries, { rows, showRetry }));

describe("ScoreDeliveries", () => {
  it("says what the page is for when nothing was sent yet", () => {
    const html = render([], true);
    expect(html).toContain("No grades have been sent to an LMS yet:");
    expect(html).not.toContain("<table");
  });

  it("is a captioned table with column and row headers, in a focusable scroll region", () => {
    const html = render([row()], false);
    expect(html).toMatch(/<div class="table-scroll" role="region" tabindex="0" aria-label="LMS grade deliveries">/);
    expect(html).toMatch(/<caption[^>]*>Grades sent to LMS gradebooks, newest first<\/caption>/);
    expect(html.match(/<th scope="col">/g)).toHaveLength(9);
    expect(html).toMatch(/<th scope="row"[^>]*>Ada Lovelace<br\/><span class="muted">ada@example.org<\/span><\/th>/);
    expect(html).toContain("7.5 / 20");
    expect(html).toContain('<span class="status-pill graded">Delivered</span>');
    expect(html).not.toContain("Retry");
  });

  it("shows why a delivery failed, and offers Retry on failed rows only when asked", () => {
    const failed = row({ id: "score-2", state: "failed", lastStatus: 400, lastError: "HTTP 400: line item is closed", deliveredAt: null });
    const pending = row({ id: "score-3", state: "pending", lastStatus: 0, lastError: "lms.example could not be reached", deliveredAt: null });
    const html = render([failed, pending, row()], true);
    expect(html.match(/<th scope="col">/g)).toHaveLength(10);
    expect(html).toContain("HTTP 400<br/>");
    expect(html).toContain("line item is closed");
    expect(html).toContain("no answer<br/>");
    expect(html).toContain("next try");
    expect(html.match(/>Retry<\/button>/g)).toHaveLength(1);
    expect(html).toContain('aria-label="Retry sending Ada Lovelace&#x27;s grade on Walk a 32-bit page table"');
    expect(render([failed], false)).not.toContain("Retry");
  });
});
