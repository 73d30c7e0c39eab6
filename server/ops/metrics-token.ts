import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether a scrape may read the metrics: METRICS_TOKEN must be set (no token, no metrics) and the request must
 * carry it as `Authorization: Bearer <token>`. Compared in constant time, over hashes so lengths do not leak.
 */
export function metricsAccess(authorization: string | null, token: string | undefined): "allowed" | "disabled" | "refused" {
  if (!token) return "disabled";
  const given = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1]?.trim() ?? "";
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(token)) ? "allowed" : "refused";
}
