import { errnoName } from "../../../../../../sim/index";
import { PTE_CAP, type MappingProbe, type MmapAnswer } from "./spec-ring";
import { BUF_PAGES, describeRequest, MAP_SHARED, PAGE, requestedPages, violations, type MmapInput } from "./spec-input";

// How an answer is judged and explained. A refusal is right when its errno is one the request earns (a request
// breaking two rules may be refused for either); a mapping is right when every page shows the same frame as the
// reference and mprotect, mremap and munmap behave the same. Wrong answers name the attack the handler let through.

const TWO_31 = 2n ** 31n;

/** The errnos (positive) the request may be refused with: the reference's own, and each broken rule's. */
export function allowedErrnos(input: MmapInput, expected: MmapAnswer): number[] {
  if (expected.errno === null) return [];
  if (expected.handler === null) return [expected.errno]; // do_mmap refused before the handler: nothing to choose
  return [...new Set([expected.errno, ...violations(input).map((v) => v.errno)])];
}

/** True when the learner's answer is right. */
export function isSameAnswer(input: MmapInput, expected: MmapAnswer, actual: MmapAnswer): boolean {
  if (expected.errno !== null) {
    if (actual.errno === null) return false;
    if (actual.handler !== null && actual.handler > 0) return false;
    return allowedErrnos(input, expected).includes(actual.errno);
  }
  return (
    actual.errno === null &&
    expected.mapping !== null &&
    actual.mapping !== null &&
    sameMapping(expected.mapping, actual.mapping)
  );
}

function sameMapping(e: MappingProbe, a: MappingProbe): boolean {
  return (
    e.pages === a.pages &&
    e.stopped === a.stopped &&
    JSON.stringify(e.frames) === JSON.stringify(a.frames) &&
    e.outside === a.outside &&
    JSON.stringify(e.after) === JSON.stringify(a.after)
  );
}

const minus = (errno: number) => `-${errnoName(errno)}`;

function pagesText(input: MmapInput): string {
  const { pgoff, npages } = requestedPages(input);
  return npages === 1n ? `page ${pgoff}` : `pages ${pgoff}..${pgoff + npages - 1n}`;
}

/** The learner-facing message for a wrong answer. */
export function explainMismatch(input: MmapInput, expected: MmapAnswer, actual: MmapAnswer): string {
  const head = describeRequest(input);
  if (expected.errno === null && actual.errno !== null) return refusedLegal(head, input, actual);
  if (expected.errno !== null && actual.errno === null) return acceptedBad(head, input, expected, actual);
  if (expected.errno !== null) {
    if (actual.handler !== null && actual.handler > 0) {
      return `${head}: your handler returned ${actual.handler}, a positive number. A kernel handler reports failure with a negative errno: return -${errnoName(actual.handler)}, not ${errnoName(actual.handler)}.`;
    }
    const allowed = allowedErrnos(input, expected).map(minus).join(" or ");
    return `${head}: your handler refused it with ${minus(actual.errno ?? 0)}, expected ${allowed}. ${ruleText(input)}`;
  }
  return wrongMapping(head, input, expected.mapping, actual.mapping);
}

function ruleText(input: MmapInput): string {
  const rules = violations(input).map((v) =>
    v.rule === "private"
      ? "MAP_PRIVATE gets -EINVAL"
      : v.rule === "write"
        ? "PROT_WRITE gets -EPERM"
        : v.rule === "exec"
          ? "PROT_EXEC gets -EPERM"
          : `${pagesText(input)} are not all inside the ${BUF_PAGES}-page ring, which gets -EINVAL`,
  );
  return rules.length === 0 ? "" : `The rules: ${rules.join("; ")}.`;
}

function refusedLegal(head: string, input: MmapInput, actual: MmapAnswer): string {
  const { pgoff, npages } = requestedPages(input);
  let hint = "";
  if (input.fd === "O_RDONLY" && input.flags === MAP_SHARED) {
    hint =
      " It is a MAP_SHARED mapping of an O_RDONLY fd: do_mmap clears VM_SHARED (and VM_MAYWRITE) for it but keeps VM_MAYSHARE. Test VM_MAYSHARE to tell a shared mapping from a private one.";
  } else if (pgoff + npages === BigInt(BUF_PAGES)) {
    hint = ` It ends exactly at the end of the ring (${pgoff} + ${npages} = ${BUF_PAGES}): an exact fit must be accepted. Check npages > nr_pages - off, not >= (off-by-one, B6).`;
  } else if (BigInt(input.len) % BigInt(PAGE) !== 0n) {
    hint = ` do_mmap rounds the length up to whole pages before your handler runs: vma_pages(vma) is ${npages}.`;
  }
  const what =
    actual.handler === null
      ? "mmap failed"
      : `your handler returned ${actual.handler < 0 ? minus(-actual.handler) : actual.handler}`;
  return `${head}: ${what}, but the request is legal: it asks for ${pagesText(input)} of the ${BUF_PAGES}-page ring, read-only and shared, so it must be mapped.${hint}`;
}

function acceptedBad(head: string, input: MmapInput, expected: MmapAnswer, actual: MmapAnswer): string {
  const broken = violations(input);
  const want = allowedErrnos(input, expected).map(minus).join(" or ");
  const rule = broken[0]?.rule;
  if (rule === "private") {
    return `${head}: your handler accepted a private mapping (B10). The ring is shared with the device: a MAP_PRIVATE mapping is copy-on-write, so the process ends up reading its own stale copies instead of new samples (and remap_pfn_range rewrites vm_pgoff for a COW mapping). Refuse it when VM_MAYSHARE is clear: expected ${want}.`;
  }
  if (rule === "write" || rule === "exec") {
    const right = rule === "write" ? "write" : "execute";
    return `${head}: your handler let user space ${right} the read-only ring (B9): a process could overwrite the samples the device produces, or run them as code. Return -EPERM when VM_WRITE or VM_EXEC is set: expected ${want}.`;
  }
  return `${head}: your handler mapped it, ${leakText(actual.mapping)}. ${rangeHint(input, actual.mapping)} Expected ${want}.`;
}

function leakText(m: MappingProbe | null): string {
  if (m === null) return "";
  if (m.outside === 0) return `${m.pages} pages, more than the ring has (they stay unbacked)`;
  const count = m.stopped ? `more than ${PTE_CAP - BUF_PAGES} pages` : `${m.outside} page${m.outside === 1 ? "" : "s"}`;
  const stop = m.stopped ? ` (the check stopped your handler after ${PTE_CAP} PTEs of a ${m.pages}-page mapping)` : "";
  return `${count} of physical memory outside the ring, the first ${m.firstOutside ?? "?"}${stop}`;
}

function rangeHint(input: MmapInput, m: MappingProbe | null): string {
  const { pgoff, npages } = requestedPages(input);
  const len = BigInt(input.len);
  const first = m?.firstOutside ?? "";
  if (pgoff >= BigInt(BUF_PAGES) && first.startsWith(`frame 0x${pgoff.toString(16)}`)) {
    return "You used vm_pgoff as a physical frame number (B1): by choosing the offset, any process can map any physical memory (kernel text, page tables, struct cred) and make itself root. vm_pgoff is a page index into the ring.";
  }
  if (pgoff << 12n >= TWO_31 && npages <= BigInt(BUF_PAGES)) {
    return `The byte offset vm_pgoff << 12 = 0x${(pgoff << 12n).toString(16)} does not fit 32 bits, and your check wrapped (B4; JavaScript's << and | work on signed 32-bit integers, as int does in C; CVE-2013-2596 mapped all kernel memory this way). Compare in pages: off >= nr_pages || npages > nr_pages - off.`;
  }
  if (len >= TWO_31) {
    return `A length of 0x${len.toString(16)} is negative as a signed 32-bit int, so a signed size check passes it (B5); the MWR exploit maps 0xF0000000 bytes and scans them for struct cred. Count pages with vma_pages(vma) and compare them unsigned.`;
  }
  if (pgoff === 0n) {
    return `There is no size check (B2, B15): the ${npages} pages asked for run past the ring into whatever physical memory follows it.`;
  }
  if (pgoff === BigInt(BUF_PAGES)) {
    return `An offset of ${pgoff} pages is already past the last ring page (${BUF_PAGES - 1}): off >= nr_pages must be refused (B6).`;
  }
  return `The offset has to count in the size check (B3): pages ${pgoff}..${pgoff + npages - 1n} run past page ${BUF_PAGES - 1}, the last one of the ring.`;
}

function wrongMapping(head: string, input: MmapInput, e: MappingProbe | null, a: MappingProbe | null): string {
  if (e === null || a === null) return `${head}: expected a mapping.`;
  const { pgoff } = requestedPages(input);
  const ef = e.frames ?? [];
  const af = a.frames ?? [];
  const i = ef.findIndex((f, k) => f !== af[k]);
  if (i >= 0) {
    const ignoredOffset = pgoff > 0n && af[i] === `buf ${i}`;
    const hint = ignoredOffset
      ? " You ignored vm_pgoff: mmap's offset, in pages, picks the first ring page to map."
      : "";
    return `${head}: page ${i} of the mapping shows ${af[i] ?? "nothing"}, expected ${ef[i]} (ring page ${pgoff + BigInt(i)}).${hint}`;
  }
  const ea = e.after;
  const aa = a.after;
  if (ea !== null && aa !== null) {
    const ret = (v: number) => (v === 0 ? "0" : minus(-v));
    if (aa.userWrite !== ea.userWrite) {
      return `${head}: mapped the right pages, but a user store to the first one ended in ${aa.userWrite === "written" ? "the ring being written" : aa.userWrite}, expected ${ea.userWrite}. The PTEs carry the protection you pass: map with vma.vm_page_prot (read-only here), not a writable pgprot of your own.`;
    }
    if (aa.mprotectWrite !== ea.mprotectWrite) {
      return `${head}: mapped correctly, but afterwards mprotect(PROT_READ|PROT_WRITE) returned ${ret(aa.mprotectWrite)}, expected ${ret(ea.mprotectWrite)}. VM_MAYWRITE is still set, so the process can make the read-only ring writable later (B9, the Blunder exploit): vm_flags_clear(vma, VM_MAYWRITE).`;
    }
    if (aa.mprotectExec !== ea.mprotectExec) {
      return `${head}: mapped correctly, but afterwards mprotect(PROT_READ|PROT_EXEC) returned ${ret(aa.mprotectExec)}, expected ${ret(ea.mprotectExec)}: clear VM_MAYEXEC too.`;
    }
    if (aa.mremapGrow !== ea.mremapGrow) {
      return `${head}: mapped correctly, but mremap then grew the mapping by a page (returned ${ret(aa.mremapGrow)}, expected ${ret(ea.mremapGrow)}). Without VM_DONTEXPAND a process can stretch the VMA past the ring; remap_pfn_range sets it, vm_insert_page and vm_map_pages do not: vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP).`;
    }
    if (aa.refErrors !== ea.refErrors) {
      return `${head}: after munmap, ${aa.refErrors} of the ring's page reference counts are not back where they started. The mapping primitives take and drop their own references: do not call get_page or put_page around them.`;
    }
  }
  return `${head}: your mapping has ${a.pages} pages with ${a.outside} outside the ring; expected ${e.pages} with ${e.outside}. Flags after your handler: ${a.flags}.`;
}
