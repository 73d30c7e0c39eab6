/**
 * What an exercise file contributes to the exercise's version hash (the loader's contentHash and the grader
 * build's version): its bytes, except that settings.json counts without its `access` key, re-serialized, so a
 * changed deadline or credit is not a new version of the exercise (nothing about how it is graded changed).
 * A settings.json that is not a JSON object counts as it is (the loader refuses it anyway).
 */
export function versionedBytes(fileName: string, bytes: Buffer): Buffer {
  if (fileName !== "settings.json") return bytes;
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch {
    return bytes;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return bytes;
  const { access: _access, ...graded } = parsed as Record<string, unknown>;
  return Buffer.from(JSON.stringify(graded), "utf8");
}
