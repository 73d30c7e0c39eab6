import { execFile } from "node:child_process";
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildI386Process, listMappings, pdmap, PhysicalMemory, type I386Process } from "../../sim/index";
import { CliError } from "./cli-error";
import { writeElfDump } from "./elf-writer";
import { runCli } from "./run";

const RAM = 64 << 20;
let dir = "";
let proc: I386Process;
const files = { raw: "", elf64: "", elf32: "", elfGz: "", truncated: "", badGz: "", x64: "" };

function frames(mem: PhysicalMemory): { pa: number; bytes: Uint8Array }[] {
  const wire = mem.toWire();
  return wire.frames.map((pfn, i) => ({ pa: pfn * 4096, bytes: wire.bytes.subarray(i * 4096, (i + 1) * 4096) }));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sim-cli-test-"));
  proc = buildI386Process("cli", { ramMb: 64 });
  files.raw = join(dir, "mem.raw");
  const fd = openSync(files.raw, "w");
  ftruncateSync(fd, RAM);
  for (const f of frames(proc.mem)) writeSync(fd, f.bytes, 0, 4096, f.pa);
  closeSync(fd);
  // Like QEMU: the legacy VGA/BIOS hole 640 KB..1 MB is left out of the dump.
  const segments = [{ paddr: 0, size: 0xa0000 }, { paddr: 0x100000, size: RAM - 0x100000 }];
  const inSegments = frames(proc.mem).filter((f) => f.pa < 0xa0000 || f.pa >= 0x100000);
  files.elf64 = join(dir, "mem64.elf");
  writeElfDump(files.elf64, segments, inSegments, true);
  files.elf32 = join(dir, "mem32.elf");
  writeElfDump(files.elf32, segments, inSegments, false);
  files.elfGz = join(dir, "mem.elf.gz");
  writeFileSync(files.elfGz, gzipSync(readFileSync(files.elf64), { level: 1 }));
  files.truncated = join(dir, "truncated.elf");
  writeFileSync(files.truncated, readFileSync(files.elf64).subarray(0, 0x200000));
  files.badGz = join(dir, "bad.gz");
  writeFileSync(files.badGz, readFileSync(files.elfGz).subarray(0, 2000));
  // x86-64: PML4 at 0x1000, 1 GB page for 0xffff888000000000 -> 0.
  const mem64 = new PhysicalMemory();
  mem64.write64(0x1000 + 273 * 8, 0x2000n | 0x63n);
  mem64.write64(0x2000, 0x1e3n | (1n << 63n));
  files.x64 = join(dir, "x64.raw");
  writeFileSync(files.x64, Buffer.concat([Buffer.alloc(0x1000), Buffer.from(mem64.toWire().bytes)]));
}, 30_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<unknown> {
  let out = "";
  await runCli(args, (chunk) => (out += chunk));
  return JSON.parse(out);
}

const hexOf = (n: number) => "0x" + n.toString(16);

describe("sim CLI (in process)", () => {
  const textPage = () => {
    const text = listMappings(proc.mem, { mode: "i386", cr3: proc.cr3, cr4: proc.cpu.cr4, efer: 0 }).find((m) => m.user && !m.writable);
    if (!text) throw new Error("the scenario has no read-only user page");
    return Number(text.va);
  };

  it("translate gives the same answer from a raw image, ELF64, ELF32 and gzip", async () => {
    const va = textPage() + 0x10;
    const answers = await Promise.all(
      [files.raw, files.elf64, files.elf32, files.elfGz].map((image) => run(["translate", "--image", image, "--mode", "i386", "--cr3", hexOf(proc.cr3), "--va", hexOf(va), "--access", "read", "--user"])),
    );
    expect(answers[0]).toMatchObject({ ok: true, pageSize: 4096 });
    const first = answers[0] as { steps: { level: string }[] };
    expect(first.steps.map((s) => s.level)).toEqual(["PDE", "PTE"]);
    for (const a of answers) expect(a).toEqual(answers[0]);
  });

  it("reports a page fault with error code and CR2", async () => {
    const va = textPage() + 0x10;
    expect(await run(["translate", "--image", files.raw, "--mode", "i386", "--cr3", hexOf(proc.cr3), "--va", hexOf(va), "--access", "write", "--user"])).toEqual({
      ok: false,
      fault: "PF",
      errorCode: 7,
      cr2: hexOf(va),
    });
    expect(await run(["translate", "--image", files.raw, "--mode", "i386", "--cr3", hexOf(proc.cr3), "--va", "0xc0400000", "--access", "read", "--user"])).toMatchObject({ errorCode: 5 });
  });

  it("mappings lists what the in-memory core lists, in the contract's shape", async () => {
    const expected = listMappings(proc.mem, { mode: "i386", cr3: proc.cr3, cr4: proc.cpu.cr4, efer: 0 });
    const got = (await run(["mappings", "--image", files.elf64, "--mode", "i386", "--cr3", hexOf(proc.cr3)])) as Record<string, unknown>[];
    expect(got).toHaveLength(expected.length);
    expect(got[0]).toEqual({ va: "0x" + expected[0]?.va.toString(16), pa: "0x" + expected[0]?.pa.toString(16), size: expected[0]?.size, user: true, writable: false, nx: false, global: false });
  });

  it("pdmap prints the 16 x 64 map", async () => {
    expect(await run(["pdmap", "--image", files.raw, "--cr3", hexOf(proc.cr3), "--efer", "0x0"])).toEqual({ map: pdmap(proc.mem, proc.cr3, proc.cpu.cr4) });
  });

  it("x86_64: #GP for non-canonical, NX and 1 GB pages with the default registers", async () => {
    const base = ["translate", "--image", files.x64, "--mode", "x86_64", "--cr3", "0x1000"];
    expect(await run([...base, "--va", "0x0000800000000000", "--access", "read"])).toEqual({ ok: false, fault: "GP", errorCode: 0 });
    expect(await run([...base, "--va", "0xffff888000abcdef", "--access", "read"])).toMatchObject({ ok: true, pa: "0xabcdef", pageSize: 1073741824 });
    expect(await run([...base, "--va", "0xffff888000abcdef", "--access", "exec"])).toMatchObject({ ok: false, errorCode: 0x11 });
    const maps = await run(["mappings", "--image", files.x64, "--mode", "x86_64", "--cr3", "0x1000"]);
    expect(maps).toEqual([{ va: "0xffff888000000000", pa: "0x0", size: 1073741824, user: false, writable: true, nx: true, global: true }]);
  });

  it.each([
    [["frobnicate", "--image", "x"], /unknown verb/],
    [["translate", "--image", "x", "--mode", "arm64", "--cr3", "0x0", "--va", "0x0", "--access", "read"], /unknown mode/],
    [["translate", "--image", "x", "--mode", "i386", "--cr3", "1234", "--va", "0x0", "--access", "read"], /hex/],
    [["translate", "--image", "x", "--mode", "i386", "--cr3", "0x0", "--va", "0x100000000", "--access", "read"], /32-bit/],
    [["translate", "--image", "x", "--mode", "i386", "--cr3", "0x0", "--va", "0x0", "--access", "read", "--verbose"], /unknown argument/],
    [["mappings", "--image", "/nonexistent/image", "--mode", "i386", "--cr3", "0x0"], /cannot open/],
  ])("rejects %j", async (args, message) => {
    await expect(runCli(args, () => {})).rejects.toThrow(message);
  });

  it("rejects truncated images and CR3 outside the image", async () => {
    await expect(runCli(["mappings", "--image", files.truncated, "--mode", "i386", "--cr3", "0x0"], () => {})).rejects.toThrow(/truncated/);
    await expect(runCli(["mappings", "--image", files.badGz, "--mode", "i386", "--cr3", "0x0"], () => {})).rejects.toThrow(CliError);
    await expect(runCli(["mappings", "--image", files.raw, "--mode", "i386", "--cr3", "0x8000000"], () => {})).rejects.toThrow(/outside the image/);
  });
});

describe("sim CLI (child process)", () => {
  const exec = promisify(execFile);
  const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
  const cli = join(process.cwd(), "scripts", "sim-cli", "main.ts");

  it("prints JSON on stdout and exits 0", async () => {
    const { stdout } = await exec(tsx, [cli, "translate", "--image", files.raw, "--mode", "i386", "--cr3", hexOf(proc.cr3), "--va", "0xc0001000", "--access", "read"]);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, pa: "0x1000", pageSize: 4096 });
  }, 30_000);

  it("exits 2 with a message on stderr for bad arguments", async () => {
    const failure = await exec(tsx, [cli, "pdmap", "--image", files.raw]).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 2, stdout: "" });
    expect(String((failure as { stderr?: unknown } | null)?.stderr)).toMatch(/--cr3/);
  }, 30_000);
});
