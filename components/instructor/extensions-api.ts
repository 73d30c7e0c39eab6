import { z } from "zod";
import { extensionResponseSchema, type ExtensionView, type GrantExtensionRequest } from "../../contract/http/extensions";
import { callApi } from "../api/call-api";

export async function grantExtension(courseId: string, request: GrantExtensionRequest): Promise<ExtensionView> {
  const path = `/api/courses/${encodeURIComponent(courseId)}/extensions`;
  return (await callApi(path, extensionResponseSchema, { method: "POST", body: JSON.stringify(request) })).extension;
}

export async function revokeExtension(courseId: string, extensionId: string): Promise<void> {
  await callApi(`/api/courses/${encodeURIComponent(courseId)}/extensions/${encodeURIComponent(extensionId)}`, z.undefined(), { method: "DELETE" });
}

/**
 * `<input type="datetime-local">` gives a wall-clock time with no zone; the instructor means their own: this is that
 * moment as ISO-8601 with their offset at that date (so a deadline across a summer-time change keeps its hour).
 */
export function localInputToZoned(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  const local = new Date(year, month - 1, day, hour, minute);
  if (Number.isNaN(local.getTime())) return null;
  const offset = -local.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, "0");
  return `${value}:00${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}
