// One engine over the disk, analysing the files of a scan one at a time. The worker threads and the
// in-process scan both use it, so they cannot disagree.
import { Engine, type Evidence, type Finding, type SurveyedFile } from '../engine';
import { ScanFileSystem } from './scanFs';
import type { ScanFile } from './walker';

/** File texts a worker keeps, so a package's files are read from disk once. */
const MAX_TEXT_BYTES = 8 * 1024 * 1024;
/**
 * Source characters whose parse trees stay cached, so a package's files are parsed once while its
 * files are analysed. Trees take some 30 bytes per source byte in WebAssembly memory, which never shrinks.
 */
const MAX_PARSED_TEXT_LENGTH = 512 * 1024;
/** The engine's own bound, by count; the size budget above is the one that binds. */
const MAX_CACHED_FILES = 1000;

export interface RuleError {
  ruleId: string;
  message: string;
}

export type FileOutcome =
  | { kind: 'analysed'; absPath: string; findings: Finding[]; ruleErrors: RuleError[]; evidence: Evidence[] }
  | { kind: 'skipped'; absPath: string; reason: 'binary' | 'too-large' | 'unreadable' }
  | { kind: 'failed'; absPath: string; message: string };

export interface AnalyzerOptions {
  /** Folder holding the .wasm files. */
  wasmDir: string;
  /** Collect the scorecard's evidence too (`score`); a plain scan does without. */
  evidence?: boolean;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class FileAnalyzer {
  /** `ruleErrors` is where the engine reports rules that throw, for the file being analysed. */
  private constructor(
    private readonly engine: Engine,
    private readonly fs: ScanFileSystem,
    private readonly ruleErrors: RuleError[],
    private readonly withEvidence: boolean,
  ) {}

  static async create(options: AnalyzerOptions): Promise<FileAnalyzer> {
    const ruleErrors: RuleError[] = [];
    const fs = new ScanFileSystem({ maxTextBytes: MAX_TEXT_BYTES });
    const engine = await Engine.create({
      fs,
      wasmDir: options.wasmDir,
      maxCachedFiles: MAX_CACHED_FILES,
      maxCachedTextLength: MAX_PARSED_TEXT_LENGTH,
      unchangingFiles: true,
      onRuleError: (ruleId, error) => ruleErrors.push({ ruleId, message: messageOf(error) }),
    });
    return new FileAnalyzer(engine, fs, ruleErrors, options.evidence === true);
  }

  /** What the module surveys learn from these files, for the other workers of the scan. */
  survey(absPaths: readonly string[]): [string, SurveyedFile][] {
    return this.engine.surveyFiles(absPaths);
  }

  /** Survey facts the other workers learnt: their files are not read again for the module's surveys. */
  useSurveyed(files: readonly [string, SurveyedFile][]): void {
    this.engine.useSurveyedFiles(files);
  }

  analyze(file: ScanFile): FileOutcome {
    const read = this.fs.read(file.absPath);
    if (!('text' in read)) return { kind: 'skipped', absPath: file.absPath, reason: read.skipped };
    this.ruleErrors.length = 0;
    try {
      const input = { path: file.absPath, text: read.text, relativePath: file.scanRelative };
      const findings = this.engine.analyze(input);
      const evidence = this.withEvidence ? this.engine.evidence(input) : [];
      return { kind: 'analysed', absPath: file.absPath, findings, ruleErrors: [...this.ruleErrors], evidence };
    } catch (error) {
      return { kind: 'failed', absPath: file.absPath, message: messageOf(error) };
    }
  }
}
