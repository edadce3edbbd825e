// Quick fixes as data: pure functions from a finding (and the files around it) to edits. The LSP
// server turns them into code actions; tests apply them and build the result.
import type { Dockerfile } from 'dockerfile-ast';
import type { YamlFile } from '../languages/documents';
import type { GoFile } from '../languages/go';
import type { Finding, LanguageId, Range } from '../types';
import type { GoWorkspace } from '../workspace';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** Edits to an existing file, or a new file with its whole text. Paths are absolute. */
export type FileChange = { kind: 'edit'; path: string; edits: TextEdit[] } | { kind: 'create'; path: string; text: string };

export type FixKind = 'quickfix' | 'refactor.extract';

export interface Fix {
  title: string;
  kind: FixKind;
  /** The rule whose finding this fix resolves; absent for refactors offered on any literal. */
  ruleId?: string;
  /** The one fix an editor applies first (ESLint's ordering: the fix, then suppressions, then docs). */
  isPreferred?: boolean;
  /** Mechanical and local: applied by `source.fixAll.twelveFactor` without review. */
  safe?: boolean;
  changes: FileChange[];
}

/** What a fix provider sees: the file as analysed (its unsaved text) and the workspace around it. */
export interface FixContext {
  path: string;
  relativePath: string;
  language: LanguageId;
  text: string;
  /** Present for Go files. */
  go?: GoFile;
  readonly yaml?: YamlFile;
  readonly dockerfile?: Dockerfile;
  workspace: GoWorkspace;
}

/** Fixes for findings of the rules it names. */
export interface FindingFixProvider {
  ruleIds: readonly string[];
  fixesFor(finding: Finding, ctx: FixContext): Fix[];
}

/** Refactors offered at a range whatever the findings (e.g. extract any Go string literal). */
export interface RefactorProvider {
  languages: readonly LanguageId[];
  refactorsAt(range: Range, ctx: FixContext): Fix[];
}
