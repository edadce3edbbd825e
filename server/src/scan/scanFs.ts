// The disk as a scan's engine sees it. Nothing changes on disk during a scan, so folder listings and
// recently read texts are kept: rules list and read a package's files again for each of its files.
import { DiskFileSystem, readTextFile, type ReadResult } from '../diskFs';
import type { FileSystemView } from '../engine';

/**
 * Paths in use order with their size; the oldest beyond `maxBytes` are handed to `evict`. Sizes are
 * counted in UTF-16 units of the text, close enough to bytes for a budget.
 */
class LruBudget {
  private readonly sizes = new Map<string, number>();
  private total = 0;

  constructor(private readonly maxBytes: number, private readonly evict: (path: string) => void) {}

  use(path: string, size: number): void {
    this.total -= this.sizes.get(path) ?? 0;
    this.sizes.delete(path);
    this.sizes.set(path, size);
    this.total += size;
  }

  trim(): void {
    for (const [path, size] of this.sizes) {
      if (this.total <= this.maxBytes) break;
      this.sizes.delete(path);
      this.total -= size;
      this.evict(path);
    }
  }
}

export interface ScanFsOptions {
  /** Text kept in memory, in bytes. */
  maxTextBytes: number;
}

export class ScanFileSystem implements FileSystemView {
  private readonly disk = new DiskFileSystem();
  private readonly listings = new Map<string, string[] | undefined>();
  private readonly texts = new Map<string, ReadResult>();
  private readonly textBudget: LruBudget;

  constructor(options: ScanFsOptions) {
    this.textBudget = new LruBudget(options.maxTextBytes, (p) => this.texts.delete(p));
  }

  /** A file's text, or why it has none. */
  read(absPath: string): ReadResult {
    let result = this.texts.get(absPath);
    if (!result) {
      result = readTextFile(absPath);
      this.texts.set(absPath, result);
    }
    // What has no text (missing, binary, too large) costs nothing to keep, and settings files are
    // looked for up the tree from every folder: it stays known for the whole scan.
    if ('text' in result) {
      this.textBudget.use(absPath, result.text.length);
      this.textBudget.trim();
    }
    return result;
  }

  readFile(absPath: string): string | undefined {
    const result = this.read(absPath);
    return 'text' in result ? result.text : undefined;
  }

  isTrackedByGit(absPath: string): boolean | undefined {
    return this.disk.isTrackedByGit(absPath);
  }

  listDir(absPath: string): string[] | undefined {
    if (!this.listings.has(absPath)) this.listings.set(absPath, this.disk.listDir(absPath));
    return this.listings.get(absPath);
  }
}
