/** A broken content tree. The message starts with the offending path, so an author can go straight to it. */
export class ContentError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = "ContentError";
  }
}
