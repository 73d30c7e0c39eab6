import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { cruise } from "dependency-cruiser";

/**
 * Every module reachable from a browser bundle's entry points: the files in app/ and components/ that
 * start with "use client" (Next bundles them and everything they import for the browser). Server
 * components and route handlers are not entry points: their code never ships.
 */
export async function clientReachableModules(root: string): Promise<{ entries: string[]; modules: string[] }> {
  const entries = ["app", "components"].flatMap((dir) => listSources(path.join(root, dir))).filter(isClientEntry).map((file) => path.relative(root, file));
  const result = await cruise(entries, {
    baseDir: root,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|generated)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  });
  const output = result.output;
  if (typeof output === "string") throw new Error("dependency-cruiser returned text, expected a result object");
  return { entries, modules: output.modules.map((module) => module.source) };
}

function isClientEntry(file: string): boolean {
  const head = readFileSync(file, "utf8").slice(0, 200).trimStart();
  return head.startsWith('"use client"') || head.startsWith("'use client'");
}

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listSources(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}
