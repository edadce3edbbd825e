// Core data types of the engine. Nothing here knows about VS Code or LSP.

export type Severity = 'error' | 'warning' | 'information';

export type FactorSlug =
  | 'codebase'
  | 'dependencies'
  | 'config'
  | 'backing-services'
  | 'build-release-run'
  | 'processes'
  | 'port-binding'
  | 'concurrency'
  | 'disposability'
  | 'dev-prod-parity'
  | 'logs'
  | 'admin-processes';

/** Languages and file kinds the engine can analyse. */
export type LanguageId = 'go' | 'dockerfile' | 'compose' | 'yaml' | 'procfile' | 'dotenv' | 'gomod' | 'packagejson' | 'requirements' | 'shell' | 'ini' | 'toml' | 'properties' | 'json' | 'twelve-factor-config';

/** Zero-based line/character, characters counted in UTF-16 code units (as LSP does). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/**
 * One way text can hold what a rule reports (see `RuleMeta.textHint`): the analysed file's text matches
 * `file`, and it or some non-test Go file of its folder matches `package`.
 */
export interface TextCondition {
  file?: RegExp;
  package?: RegExp;
  /** The languages the condition is about; all of the rule's when absent. */
  languages?: readonly LanguageId[];
}

export interface RuleMeta {
  /** `<factor>/<rule>` */
  id: string;
  factor: FactorSlug;
  severity: Severity;
  languages: LanguageId[];
  /** One line, shown in SARIF shortDescription and docs. */
  summary: string;
  /**
   * Literal rules report on a string literal; at most one literal rule reports on any literal,
   * chosen by `LITERAL_RULE_ORDER`.
   */
  literal?: boolean;
  /** Runs on test files too (the rule itself decides what it reports there). */
  runsOnTests?: boolean;
  /** On test code the rule runs only where the text matches this: a file with no candidate is not even parsed. */
  testTextHint?: RegExp;
  /**
   * A NECESSARY condition for the rule to report anything in a file: its text matches the regular
   * expression, or one of the conditions about the file's language holds (a language no condition is
   * about is not filtered). A file failing it skips the rule, and a Go file left with no rule is not
   * even parsed, so a hint must hold wherever the rule can report, whatever the code: one that is too
   * narrow loses findings. Text is matched as written and, where it has backslash escapes, decoded
   * (a rule judging a string literal sees its value); Go comments are left out. A rule reporting in one file because of another
   * (a sink in a sibling file) hints at what the reported file holds, and at the sibling with `package`.
   */
  textHint?: RegExp | readonly TextCondition[];
  /**
   * About an app as a whole (reported on its manifest): the CLI and the scorecard show it; the editor
   * does not squiggle it.
   */
  appLevel?: boolean;
  /** Repository-relative path of the rule's doc (`docs/rules/<id>.md`), filled in by the engine from the id. */
  docs?: string;
  /**
   * Judges twelve-factor's own directives and settings, not the app: its findings break no factor
   * (`factor` is only a placeholder; scorecards skip these) and carry the prefix `twelve-factor:`.
   */
  engine?: boolean;
}

/** What a rule returns; the engine adds the rule's id, factor, severity and the factor prefix. */
export interface FindingDraft {
  range: Range;
  /** What is wrong and what to do, without the factor prefix. Never contains a secret in clear. */
  message: string;
  /** Start offset of the literal the finding sits on (literal rules only). */
  literalOffset?: number;
  /** Override the rule's default severity for this finding (e.g. caches are information). */
  severity?: Severity;
  /** Data a quick fix needs (suggested config name, env var, literal kind…). */
  data?: Record<string, string | number | boolean>;
}

export interface Finding {
  ruleId: string;
  factor: FactorSlug;
  severity: Severity;
  /** Workspace-relative or absolute path, as given to the engine. */
  path: string;
  range: Range;
  /** Full message: factor prefix + what is wrong + what to do. */
  message: string;
  data?: Record<string, string | number | boolean>;
}
