import path from "node:path";
import { parseArgs } from "node:util";
import { scaffoldExercise, scaffoldLesson, ScaffoldError } from "./scaffold";

const usage = `Usage:
  npm run content:new -- lesson <course>/<NN.module>/<NN.lesson> --title "..." --summary "..." [--module-title "..."]
  npm run content:new -- exercise <course>/<NN.module>/<NN.lesson> <exercise-id> --title "..."

A new lesson gets a lesson.mdx (and module.json for a new module). A new exercise gets a complete, passing exercise
folder beside the lesson and nothing else (the registries are generated from the folders on disk); then run
npm run content:check, and replace the task with yours (content/README.md explains every file).`;

/** `npm run content:new`: scaffolds a lesson or an exercise that content:check accepts as it is. */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { title: { type: "string" }, summary: { type: "string" }, "module-title": { type: "string" } },
  });
  const [kind, lessonPath, id] = positionals;
  const root = path.resolve(import.meta.dirname, "../..");
  if (!values.title) throw new ScaffoldError("--title is required");
  let written: string[];
  if (kind === "lesson" && lessonPath && !id) {
    if (!values.summary) throw new ScaffoldError("--summary is required for a lesson");
    written = await scaffoldLesson(root, {
      lessonPath,
      title: values.title,
      summary: values.summary,
      moduleTitle: values["module-title"],
    });
  } else if (kind === "exercise" && lessonPath && id) {
    written = await scaffoldExercise(root, { lessonPath, id, title: values.title });
  } else {
    throw new ScaffoldError("say what to create: lesson or exercise, with its path");
  }
  for (const file of written) console.log(`wrote ${path.relative(root, file)}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    if (error instanceof ScaffoldError || (error instanceof Error && error.name === "TypeError" && "code" in error)) {
      console.error(`content:new: ${error.message}\n\n${usage}`);
      process.exit(2);
    }
    throw error;
  },
);
