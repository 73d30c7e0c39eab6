// `npm run --silent sim -- translate|mappings|pdmap ...`: the simulation core's command-line face (COURSE.md's
// contract). JSON on stdout; a message on stderr and exit status 2 for bad arguments and bad images.
import { CliError } from "./cli-error";
import { runCli } from "./run";

try {
  await runCli(process.argv.slice(2), (chunk) => process.stdout.write(chunk));
} catch (error) {
  if (!(error instanceof CliError)) throw error;
  process.stderr.write(`sim: ${error.message}\n`);
  process.exitCode = 2;
}
