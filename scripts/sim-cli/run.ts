import { forEachMapping, hex, PAGING_FORMATS, pdmap, toTraceView, translate, type PagingFormat } from "../../sim/index";
import { parseArgs, pdmapMode, type CliArgs } from "./args";
import { CliError } from "./cli-error";
import { openImage, type OpenImage } from "./image";
import { cliDefaultFormat, cliFormat } from "./modes";

/** Writes output text; the CLI passes process.stdout, tests may pass a collector. */
export type Write = (chunk: string) => void;

/** Runs one CLI invocation; throws CliError for user errors. `formats` is the paging-format table (sim's by default). */
export async function runCli(argv: string[], write: Write, formats: readonly PagingFormat[] = PAGING_FORMATS): Promise<void> {
  const args = parseArgs(argv, formats);
  if (args.verb === "pdmap" && cliDefaultFormat(args.mode, formats)?.entryLayout !== "32") {
    const suggestion = pdmapMode(formats);
    throw new CliError(`pdmap draws a 32-bit non-PAE address space${suggestion === undefined ? "" : `; use --mode ${suggestion}`}`);
  }
  const image = await openImage(args.image);
  try {
    const format = cliFormat(args.mode, args.cr0, args.cr4, args.efer, formats);
    requireTopTable(image, args, format);
    if (args.verb === "translate") runTranslate(image, args, format, write);
    else if (args.verb === "mappings") runMappings(image, args, format, write);
    else write(JSON.stringify({ map: pdmap(image.mem, args.cr3, args.cr4) }) + "\n");
  } finally {
    image.close();
  }
}

// A CR3 outside the image is a wrong register or a truncated dump; answering "not present" would hide that.
function requireTopTable(image: OpenImage, args: CliArgs, format: PagingFormat | null): void {
  if (format === null) return;
  const pfn = Math.floor(args.cr3 / 4096);
  if (image.source.readFrame(pfn) === null) throw new CliError(`CR3 ${hex(args.cr3)} points outside the image (frame ${hex(pfn)} is not in it)`);
}

function runTranslate(image: OpenImage, args: CliArgs, format: PagingFormat | null, write: Write): void {
  const va = args.va ?? 0n;
  const cpu = { cr0: args.cr0, cr3: args.cr3, cr4: args.cr4, efer: args.efer, ac: false, user: args.user };
  const r = translate(cpu, image.mem, va, args.access, { mode: format ?? "none", trace: true, pdpteCheck: args.pdpteCheck });
  let out: unknown;
  if (r.ok) out = { ok: true, pa: hex(r.pa), pageSize: r.pageSize, steps: r.trace ? toTraceView(r.trace).steps : [] };
  else if (r.fault === "PF") out = { ok: false, fault: "PF", errorCode: r.errorCode, cr2: hex(r.cr2) };
  else out = { ok: false, fault: "GP", errorCode: 0 };
  write(JSON.stringify(out) + "\n");
}

function runMappings(image: OpenImage, args: CliArgs, format: PagingFormat | null, write: Write): void {
  if (format === null) throw new CliError("paging is disabled (CR0.PG = 0): there are no mappings to list");
  // forEachMapping enumerates sim's own formats; a row of another table has no enumerator.
  const known = PAGING_FORMATS.find((f) => f === format);
  if (known === undefined) throw new CliError(`mappings cannot list ${format.name} address spaces`);
  const mode = known.id;
  // Streamed in batches so a big address space never becomes one giant string.
  let batch: string[] = [];
  let first = true;
  const flush = () => {
    if (batch.length === 0) return;
    write((first ? "[" : ",") + batch.join(","));
    first = false;
    batch = [];
  };
  forEachMapping(
    image.mem,
    { mode, cr3: args.cr3, cr4: args.cr4, efer: args.efer },
    (m) => {
      batch.push(JSON.stringify({ va: hex(m.va), pa: hex(m.pa), size: m.size, user: m.user, writable: m.writable, nx: m.nx, global: m.global }));
      if (batch.length >= 4096) flush();
    },
    { pdpteCheck: args.pdpteCheck },
  );
  flush();
  write(first ? "[]\n" : "]\n");
}
