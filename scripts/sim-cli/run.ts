import { forEachMapping, hex, pagingMode, pdmap, toTraceView, translate, type PagingMode } from "../../sim/index";
import { parseArgs, type CliArgs } from "./args";
import { CliError } from "./cli-error";
import { openImage, type OpenImage } from "./image";

/** Writes output text; the CLI passes process.stdout, tests may pass a collector. */
export type Write = (chunk: string) => void;

/** Runs one CLI invocation; throws CliError for user errors. */
export async function runCli(argv: string[], write: Write): Promise<void> {
  const args = parseArgs(argv);
  if (args.verb === "pdmap" && args.mode !== "i386") throw new CliError("pdmap draws a 32-bit non-PAE address space; use --mode i386");
  const image = await openImage(args.image);
  try {
    requireTopTable(image, args);
    if (args.verb === "translate") runTranslate(image, args, write);
    else if (args.verb === "mappings") runMappings(image, args, write);
    else write(JSON.stringify({ map: pdmap(image.mem, args.cr3, args.cr4) }) + "\n");
  } finally {
    image.close();
  }
}

function modeOf(args: CliArgs): PagingMode {
  if (pagingMode(args.cr0, args.cr4, args.efer) === "none") return "none";
  if (args.mode === "i386") return "i386";
  if (args.mode === "pae") return "pae";
  return pagingMode(args.cr0, args.cr4, args.efer) === "5-level" ? "5-level" : "4-level";
}

// A CR3 outside the image is a wrong register or a truncated dump; answering "not present" would hide that.
function requireTopTable(image: OpenImage, args: CliArgs): void {
  if (modeOf(args) === "none") return;
  const pfn = Math.floor(args.cr3 / 4096);
  if (image.source.readFrame(pfn) === null) throw new CliError(`CR3 ${hex(args.cr3)} points outside the image (frame ${hex(pfn)} is not in it)`);
}

function runTranslate(image: OpenImage, args: CliArgs, write: Write): void {
  const va = args.va ?? 0n;
  const cpu = { cr0: args.cr0, cr3: args.cr3, cr4: args.cr4, efer: args.efer, ac: false, user: args.user };
  const r = translate(cpu, image.mem, va, args.access, { mode: modeOf(args), trace: true, pdpteCheck: args.pdpteCheck });
  let out: unknown;
  if (r.ok) out = { ok: true, pa: hex(r.pa), pageSize: r.pageSize, steps: r.trace ? toTraceView(r.trace).steps : [] };
  else if (r.fault === "PF") out = { ok: false, fault: "PF", errorCode: r.errorCode, cr2: hex(r.cr2) };
  else out = { ok: false, fault: "GP", errorCode: 0 };
  write(JSON.stringify(out) + "\n");
}

function runMappings(image: OpenImage, args: CliArgs, write: Write): void {
  const mode = modeOf(args);
  if (mode === "none") throw new CliError("paging is disabled (CR0.PG = 0): there are no mappings to list");
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
