// The FileSystemView the CLI and the server give the engine: the disk, with the editor's open
// documents laid over it. Binary and oversized files read as absent.
import * as fs from 'fs';
import type { FileSystemView } from './engine';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export type ReadResult = { text: string } | { skipped: 'binary' | 'too-large' | 'unreadable' };

export function readTextFile(absPath: string): ReadResult {
  let buffer: Buffer;
  try {
    const stat = fs.statSync(absPath);
    if (!stat.isFile()) return { skipped: 'unreadable' };
    if (stat.size > MAX_FILE_BYTES) return { skipped: 'too-large' };
    buffer = fs.readFileSync(absPath);
  } catch {
    return { skipped: 'unreadable' };
  }
  if (buffer.subarray(0, 8000).includes(0)) return { skipped: 'binary' };
  return { text: buffer.toString('utf8') };
}

export class DiskFileSystem implements FileSystemView {
  /** Open documents' text by absolute path; wins over the disk. */
  readonly overlay = new Map<string, string>();

  readFile(absPath: string): string | undefined {
    const open = this.overlay.get(absPath);
    if (open !== undefined) return open;
    const result = readTextFile(absPath);
    return 'text' in result ? result.text : undefined;
  }

  listDir(absPath: string): string[] | undefined {
    try {
      return fs.readdirSync(absPath, { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
    } catch {
      return undefined;
    }
  }
}
