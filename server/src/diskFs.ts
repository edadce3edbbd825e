// The FileSystemView the CLI and the server give the engine: the disk, with the editor's open
// documents laid over it. Binary and oversized files read as absent.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { FileSystemView } from './engine';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** A folder whose mtime is at least this old is not being changed in the same clock tick as it is listed. */
const SETTLED_FOLDER_MS = 2000;

export type ReadResult = { text: string } | { skipped: 'binary' | 'too-large' | 'unreadable' };

export function readTextFile(absPath: string): ReadResult {
  let buffer: Buffer;
  try {
    // Missing files are asked about at every keystroke (settings files up the tree): no exception for them.
    const stat = fs.statSync(absPath, { throwIfNoEntry: false });
    if (!stat?.isFile()) return { skipped: 'unreadable' };
    if (stat.size > MAX_FILE_BYTES) return { skipped: 'too-large' };
    buffer = fs.readFileSync(absPath);
  } catch {
    return { skipped: 'unreadable' };
  }
  if (buffer.subarray(0, 8000).includes(0)) return { skipped: 'binary' };
  return { text: buffer.toString('utf8') };
}

/** The root of the git work tree holding `dir`, if any (`.git` is a folder, or a file in worktrees and submodules). */
export function gitWorkTreeRoot(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

export interface DiskFileSystemOptions {
  /** Keep folder listings while the folders are unchanged: for an editor, which asks at every keystroke. */
  keepListings?: boolean;
}

/** The files git tracks in the work tree at `root`, by absolute path; null when git cannot tell (no git binary, no work tree). */
export function trackedFiles(root: string): Set<string> | null {
  try {
    // A repository's own config must not run anything: an untrusted workspace could name an fsmonitor hook.
    const out = execFileSync('git', ['-c', 'core.fsmonitor=false', '-C', root, 'ls-files', '-z', '--full-name'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
    return new Set(out.split('\0').filter(Boolean).map((f) => path.join(root, f)));
  } catch {
    return null;
  }
}

export class DiskFileSystem implements FileSystemView {
  /** Open documents' text by absolute path; wins over the disk. */
  readonly overlay = new Map<string, string>();

  constructor(private readonly options: DiskFileSystemOptions = {}) {}

  readFile(absPath: string): string | undefined {
    const open = this.overlay.get(absPath);
    if (open !== undefined) return open;
    const result = readTextFile(absPath);
    return 'text' in result ? result.text : undefined;
  }

  /** Tracked files by repository root, from one `git ls-files` each; dropped by `invalidate`. */
  private readonly tracked = new Map<string, Set<string> | null>();

  isTrackedByGit(absPath: string): boolean | undefined {
    const root = gitWorkTreeRoot(path.dirname(absPath));
    if (root === undefined) return undefined;
    let files = this.tracked.get(root);
    if (files === undefined) this.tracked.set(root, (files = trackedFiles(root)));
    return files ? files.has(absPath) : undefined;
  }

  /** Files changed on disk: what git tracks may have changed too. */
  invalidate(): void {
    this.tracked.clear();
    this.listings.clear();
  }

  /**
   * Folder listings with the folder's modification time: rules list the same folders at every
   * keystroke, and a stat is much cheaper than a listing. Adding, removing or renaming an entry
   * changes the folder's mtime; a folder changed within the last moments is read again every time
   * (its mtime may not tell two changes in one clock tick apart).
   */
  private readonly listings = new Map<string, { mtimeMs: number; entries: string[] }>();

  listDir(absPath: string): string[] | undefined {
    if (!this.options.keepListings) return readFolder(absPath);
    try {
      const mtimeMs = fs.statSync(absPath, { throwIfNoEntry: false })?.mtimeMs;
      if (mtimeMs === undefined) {
        this.listings.delete(absPath);
        return undefined;
      }
      const cached = this.listings.get(absPath);
      // A copy: callers may key caches by the array, which must stay a new one per read (module-survey.ts).
      if (cached?.mtimeMs === mtimeMs) return [...cached.entries];
      const entries = readFolder(absPath);
      if (entries === undefined) {
        this.listings.delete(absPath);
        return undefined;
      }
      if (Date.now() - mtimeMs > SETTLED_FOLDER_MS) this.listings.set(absPath, { mtimeMs, entries });
      else this.listings.delete(absPath);
      return entries;
    } catch {
      this.listings.delete(absPath);
      return undefined;
    }
  }
}

/** Entry names of a folder, folders with a trailing `/`; undefined when it cannot be listed. */
function readFolder(absPath: string): string[] | undefined {
  try {
    return fs.readdirSync(absPath, { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
  } catch {
    return undefined;
  }
}
