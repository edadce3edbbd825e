import type { Dockerfile } from 'dockerfile-ast';
import type { YamlFile } from './languages/documents';
import type { GoFile } from './languages/go';
import type { GoWorkspace } from './workspace';
import type { FindingDraft, LanguageId, RuleMeta } from './types';

export interface RuleContext {
  /** Absolute path of the file. */
  path: string;
  /** Path relative to the workspace or scan root, forward slashes. */
  relativePath: string;
  language: LanguageId;
  text: string;
  isTest: boolean;
  /** Present for Go files. */
  go?: GoFile;
  /** Parsed on first use, for compose, Kubernetes and other YAML files. */
  readonly yaml?: YamlFile;
  /** Parsed on first use, for Dockerfiles. */
  readonly dockerfile?: Dockerfile;
  /** Module- and package-wide Go facts (other files of the package, imports between packages). */
  workspace: GoWorkspace;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): FindingDraft[];
}
