// An evidence collector: what one kind of good practice looks like in the files of one or more
// languages. Collectors read the same parse trees and workspace facts as the rules.
import type { RuleContext } from '../../rule';
import type { FactorSlug, LanguageId, Range } from '../../types';
import type { Evidence } from '../types';

export interface EvidenceCollector {
  factor: FactorSlug;
  /** Stable id of the evidence, e.g. `config-loader`. */
  kind: string;
  languages: LanguageId[];
  /** Evidence with absolute paths: the file itself, or a file beside it (a lockfile). */
  collect(ctx: RuleContext): Evidence[];
}

export function evidence(collector: Pick<EvidenceCollector, 'factor' | 'kind'>, path: string, range: Range, description: string): Evidence {
  return { factor: collector.factor, kind: collector.kind, description, location: { path, range } };
}

/** An empty range at a file's start: where evidence about a whole file (a lockfile) points. */
export const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
