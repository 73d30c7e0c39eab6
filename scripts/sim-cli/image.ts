import { closeSync, createReadStream, createWriteStream, fstatSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { PhysicalMemory, type PageSource } from "../../sim/index";
import { CliError } from "./cli-error";
import { parseElfSegments, type ReadAt } from "./elf";
import { elfPageSource, rawPageSource } from "./page-sources";

/** An opened memory image: frames are read from the file on demand. `close()` releases the file and temp files. */
export interface OpenImage {
  mem: PhysicalMemory;
  source: PageSource;
  kind: "raw" | "elf";
  gzip: boolean;
  close(): void;
}

/**
 * Opens FILE as a raw physical image or a QEMU dump-guest-memory ELF, either optionally gzip-compressed (gunzipped
 * to a temporary file first, streaming, so memory use stays flat). Throws CliError when it is unreadable or truncated.
 */
export async function openImage(path: string): Promise<OpenImage> {
  let fd = openOrFail(path);
  let tempDir: string | null = null;
  const cleanup = () => {
    if (fd >= 0) closeSync(fd);
    fd = -1;
    if (tempDir !== null) rmSync(tempDir, { recursive: true, force: true });
  };
  try {
    const magic = readWindow(fd, 0, 4);
    const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
    if (gzip) {
      closeSync(fd);
      fd = -1;
      tempDir = mkdtempSync(join(tmpdir(), "pagewise-sim-"));
      const plain = join(tempDir, "image");
      try {
        await pipeline(createReadStream(path), createGunzip(), createWriteStream(plain));
      } catch (error) {
        throw new CliError(`cannot decompress ${path}: ${error instanceof Error ? error.message : String(error)}`);
      }
      fd = openOrFail(plain);
    }
    const size = fstatSync(fd).size;
    if (size === 0) throw new CliError(`${path}: image is empty`);
    const readAt: ReadAt = (position, length) => readWindow(fd, position, length);
    const head = readWindow(fd, 0, 4);
    const isElf = head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
    const source = isElf ? elfPageSource(readAt, parseElfSegments(readAt, size)) : rawPageSource(readAt, size);
    return { mem: new PhysicalMemory(source), source, kind: isElf ? "elf" : "raw", gzip, close: cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

function openOrFail(path: string): number {
  try {
    return openSync(path, "r");
  } catch (error) {
    throw new CliError(`cannot open ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readWindow(fd: number, position: number, length: number): Uint8Array {
  const buffer = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}
