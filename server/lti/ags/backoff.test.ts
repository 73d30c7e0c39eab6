import { describe, expect, it } from "vitest";
import { backoffDelayMs, classifyAnswer, DEFAULT_BACKOFF_BASE_MS, honoursRetryAfter, MAX_BACKOFF_MS, retryAfterMs } from "./backoff";

const middle = () => 0.5; // no jitter: the spread's centre
const low = () => 0; // -20%
const high = () => 0.999_999; // just under +20%

describe("backoffDelayMs", () => {
  it("starts at the base and doubles with each attempt", () => {
    expect([1, 2, 3, 4].map((attempts) => backoffDelayMs(attempts, 1_000, middle))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffDelayMs(1, undefined, middle)).toBe(DEFAULT_BACKOFF_BASE_MS);
  });

  it("spreads each delay by at most 20% either way", () => {
    expect(backoffDelayMs(3, 1_000, low)).toBe(3_200);
    expect(backoffDelayMs(3, 1_000, high)).toBe(4_800);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(2, 10_000);
      expect(delay).toBeGreaterThanOrEqual(16_000);
      expect(delay).toBeLessThanOrEqual(24_000);
    }
  });

  it("never waits longer than an hour, jitter included, however many attempts", () => {
    expect(backoffDelayMs(12, DEFAULT_BACKOFF_BASE_MS, middle)).toBe(MAX_BACKOFF_MS);
    expect(backoffDelayMs(12, DEFAULT_BACKOFF_BASE_MS, high)).toBe(MAX_BACKOFF_MS);
    expect(backoffDelayMs(12, DEFAULT_BACKOFF_BASE_MS, low)).toBe(0.8 * MAX_BACKOFF_MS);
    expect(backoffDelayMs(5_000, DEFAULT_BACKOFF_BASE_MS, middle)).toBe(MAX_BACKOFF_MS);
  });

  it("treats attempt 0 like the first", () => {
    expect(backoffDelayMs(0, 1_000, middle)).toBe(1_000);
  });
});

describe("classifyAnswer", () => {
  it("delivers on 2xx, reauthorizes on 401, retries what may pass later, refuses the rest", () => {
    expect([200, 201, 204].map(classifyAnswer)).toEqual(["delivered", "delivered", "delivered"]);
    expect(classifyAnswer(401)).toBe("reauthorize");
    expect([0, 408, 429, 500, 502, 503, 504].map(classifyAnswer)).toEqual(Array(7).fill("retry"));
    expect([302, 400, 403, 404, 409, 415, 422].map(classifyAnswer)).toEqual(Array(7).fill("refused"));
  });
});

describe("retryAfterMs", () => {
  const now = new Date("2027-03-01T12:00:00Z");

  it("reads delay-seconds and HTTP-dates, capped at an hour", () => {
    expect(retryAfterMs("120", now)).toBe(120_000);
    expect(retryAfterMs(" 0 ", now)).toBe(0);
    expect(retryAfterMs("Mon, 01 Mar 2027 12:05:00 GMT", now)).toBe(300_000);
    expect(retryAfterMs("86400", now)).toBe(MAX_BACKOFF_MS);
    expect(retryAfterMs("Tue, 02 Mar 2027 12:00:00 GMT", now)).toBe(MAX_BACKOFF_MS);
  });

  it("asks for no wait for a date past, and for the backoff when absent or unreadable", () => {
    expect(retryAfterMs("Mon, 01 Mar 2027 11:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(retryAfterMs("-5", now)).toBeNull();
  });

  it("is honoured on 429 and 503 only", () => {
    expect([429, 503, 500, 502, 408].map(honoursRetryAfter)).toEqual([true, true, false, false, false]);
  });
});
