import type { GoFile } from './languages/go';
import type { GoWorkspace } from './workspace';
import type { FindingDraft, RuleMeta } from './types';

export interface RuleContext {
  /** Absolute path of the file. */
  path: string;
  text: string;
  isTest: boolean;
  /** Present for Go files. */
  go?: GoFile;
  /** Module- and package-wide Go facts (other files of the package, imports between packages). */
  workspace: GoWorkspace;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): FindingDraft[];
}
