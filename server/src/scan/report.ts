// What a scan reports, independent of the output format: findings with paths relative to the report
// root and 1-based positions, sorted by file and position, and the totals.
import * as path from 'path';
import { ENGINE_RULES, type FactorSlug, type Finding, type Severity } from '../engine';

/** The engine's own rules judge suppression comments and settings: their findings break no factor. */
const ENGINE_RULE_IDS = new Set(ENGINE_RULES.map((m) => m.id));

export interface ReportFinding {
  /** Relative to the report root, forward slashes. */
  path: string;
  /** 1-based; columns count UTF-16 code units. */
  line: number;
  column: number;
  endLine: number;
  /** 1-based, exclusive (the column just after the finding). */
  endColumn: number;
  severity: Severity;
  ruleId: string;
  /** Absent for the engine's own rules. */
  factor?: FactorSlug;
  message: string;
}

export interface Summary {
  findings: number;
  errors: number;
  warnings: number;
  information: number;
  /** Files analysed. */
  files: number;
}

export interface Report {
  /** Absolute folder the paths are relative to. */
  root: string;
  findings: ReportFinding[];
  summary: Summary;
}

export function relativePath(root: string, absPath: string): string {
  return path.relative(root, absPath).split(path.sep).join('/');
}

export function buildReport(root: string, findings: Finding[], filesAnalysed: number): Report {
  const out: ReportFinding[] = findings.map((f) => ({
    path: relativePath(root, f.path),
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.severity,
    ruleId: f.ruleId,
    factor: ENGINE_RULE_IDS.has(f.ruleId) ? undefined : f.factor,
    message: f.message,
  }));
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId)));
  const count = (s: Severity): number => out.filter((f) => f.severity === s).length;
  return {
    root,
    findings: out,
    summary: { findings: out.length, errors: count('error'), warnings: count('warning'), information: count('information'), files: filesAnalysed },
  };
}
