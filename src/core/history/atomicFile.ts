// Atomic replacement of a file: write a uniquely named temp file next to it, flush it to disk, then rename over
// the target. rename() within one directory is atomic on POSIX and NTFS, so a reader (or a crash) sees either the
// old file or the new one, never half of each. The file operations are injectable so a test can "crash" between
// the temp write and the rename.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface FileOps {
  /** Writes and fsyncs `data` to `file` (creating or truncating it). */
  writeDurable(file: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  readFile(file: string): Promise<string>;
  readdir(dir: string): Promise<string[]>;
  mkdir(dir: string): Promise<void>;
}

export const nodeFileOps: FileOps = {
  async writeDurable(file, data) {
    const handle = await fsp.open(file, 'w');
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => fsp.rename(from, to),
  unlink: (file) => fsp.unlink(file),
  readFile: (file) => fsp.readFile(file, 'utf8'),
  readdir: (dir) => fsp.readdir(dir),
  mkdir: async (dir) => {
    await fsp.mkdir(dir, { recursive: true });
  },
};

/** Temp files carry this suffix; a loader skips (and may clean up) them. */
const TEMP_SUFFIX = '.tmp';

export function isTempFile(name: string): boolean {
  return name.endsWith(TEMP_SUFFIX);
}

export async function writeFileAtomic(file: string, data: string, ops: FileOps = nodeFileOps): Promise<void> {
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`,
  );
  await ops.writeDurable(tmp, data);
  try {
    await ops.rename(tmp, file);
  } catch (err) {
    // The target is untouched; drop our temp file so failures do not pile up (best effort).
    await ops.unlink(tmp).catch(() => undefined);
    throw err;
  }
}
