// The one kind of error the CLI reports to the user: a message on stderr and exit status 2.

/** A user-facing failure (bad argument, unreadable or truncated image); anything else is a bug and is rethrown. */
export class CliError extends Error {
  override name = "CliError";
}
