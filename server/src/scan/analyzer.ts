// One engine over the disk, analysing the files of a scan one at a time. The worker threads and the
// in-process scan both use it, so they cannot disagree.
import { DiskFileSystem, readTextFile } from '../diskFs';
import { Engine, type Finding } from '../engine';
import type { ScanFile } from './walker';

export interface RuleError {
  ruleId: string;
  message: string;
}

export type FileOutcome =
  | { kind: 'analysed'; absPath: string; findings: Finding[]; ruleErrors: RuleError[] }
  | { kind: 'skipped'; absPath: string; reason: 'binary' | 'too-large' | 'unreadable' }
  | { kind: 'failed'; absPath: string; message: string };

export interface AnalyzerOptions {
  /** Folder holding the .wasm files. */
  wasmDir: string;
  maxCachedFiles: number;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class FileAnalyzer {
  /** `ruleErrors` is where the engine reports rules that throw, for the file being analysed. */
  private constructor(private readonly engine: Engine, private readonly ruleErrors: RuleError[]) {}

  static async create(options: AnalyzerOptions): Promise<FileAnalyzer> {
    const ruleErrors: RuleError[] = [];
    const engine = await Engine.create({
      fs: new DiskFileSystem(),
      wasmDir: options.wasmDir,
      maxCachedFiles: options.maxCachedFiles,
      onRuleError: (ruleId, error) => ruleErrors.push({ ruleId, message: messageOf(error) }),
    });
    return new FileAnalyzer(engine, ruleErrors);
  }

  analyze(file: ScanFile): FileOutcome {
    const read = readTextFile(file.absPath);
    if (!('text' in read)) return { kind: 'skipped', absPath: file.absPath, reason: read.skipped };
    this.ruleErrors.length = 0;
    try {
      const findings = this.engine.analyze({ path: file.absPath, text: read.text, relativePath: file.scanRelative });
      return { kind: 'analysed', absPath: file.absPath, findings, ruleErrors: [...this.ruleErrors] };
    } catch (error) {
      return { kind: 'failed', absPath: file.absPath, message: messageOf(error) };
    }
  }
}
