/** A refused command line (a missing or malformed option): exit status 2, with the command's usage. */
export class UsageError extends Error {}

/**
 * Runs an operator's command (`npm run <name>`) and exits with its status: what `main` returns, 2 with the usage for a
 * UsageError (nothing was written), 1 with the message for anything else (e.g. no database).
 */
export function runCommand(name: string, usage: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (status) => process.exit(status),
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(`${name}: ${error.message}\n\n${usage}`);
        process.exit(2);
      }
      console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
