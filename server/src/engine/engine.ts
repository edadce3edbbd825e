// The engine's one entry point: a file's text (plus workspace facts) in, findings out. The rules run
// under the settings in force for the file (editor overrides, the nearest .twelve-factor.yml); then
// the file's suppression comments drop what they name.
import * as path from 'path';
import { factorOf } from './factors';
import { isTestPath, languageOf } from './files';
import type { Dockerfile } from 'dockerfile-ast';
import { parseDockerfile, parseYaml, type YamlFile } from './languages/documents';
import { isGeneratedGo } from './languages/go';
import { Grammars } from './languages/parser';
import { INVALID_CONFIG, KNOWN_RULE_IDS, UNKNOWN_RULE } from './engine-rules';
import { RULES, LITERAL_RULE_ORDER } from './registry';
import type { Rule, RuleContext } from './rule';
import { DEFAULT_SETTINGS, GlobSet, isRuleSetting, SETTINGS_FILE_NAMES, SettingsFiles, type Overrides, type RuleSetting } from './settings';
import { DIRECTIVE_PREFIX, directiveProblems, isSuppressed, readDirectives } from './suppressions';
import type { Finding, FindingDraft, LanguageId, RuleMeta, Severity } from './types';
import { DocumentStore, GoWorkspace, type FileSystemView } from './workspace';
import { FolderHints, hintHolds } from './text-hints';
import { FINDING_FIX_PROVIDERS, REFACTOR_PROVIDERS } from './fixes/registry';
import type { Fix, FixContext, TextEdit } from './fixes/types';
import { codeActionsFor, nonCollidingSafeEdits, type CodeAction } from './fixes/code-actions';
import type { SettingsTarget } from './fixes/suppress';
import { applyTextEdits, editsBetween } from './fixes/text-diff';
import type { Range } from './types';
import { COLLECTORS } from './scorecard/evidence';
import { surveyFile, type SurveyedFile } from './rules/module-survey';
import type { Evidence } from './scorecard/types';

export interface AnalyzeInput {
  /** Absolute path. */
  path: string;
  text: string;
  /**
   * Path relative to the workspace or scan root; decides what is test code, and the root is as far
   * up as `.twelve-factor.yml` is looked for. Defaults to the file name (the root is then its folder).
   */
  relativePath?: string;
  /** Overrides the path-based test-code decision. */
  isTest?: boolean;
  /** Editor settings: they win over `.twelve-factor.yml`, which wins over the rules' defaults. */
  overrides?: Overrides;
}

export interface EngineOptions {
  fs: FileSystemView;
  /** Folder holding the .wasm files (next to the bundle); defaults to the npm packages. */
  wasmDir?: string;
  /** Parsed files kept between analyses. */
  maxCachedFiles?: number;
  /** Characters of source whose parse trees are kept between analyses (a tree takes some 30 bytes a character). */
  maxCachedTextLength?: number;
  /**
   * Files other than the one analysed do not change while the engine lives (a CLI scan): what their
   * folder's files hold is worked out once per folder.
   */
  unchangingFiles?: boolean;
  /** A rule that throws is reported here and skipped; the other rules still run. */
  onRuleError?: (ruleId: string, error: unknown) => void;
}

/** Passes of `fixAll`: a fix held back by a collision is applied in a later pass. */
const MAX_FIX_ALL_PASSES = 5;

interface Draft {
  meta: RuleMeta;
  draft: FindingDraft;
}

export class Engine {
  readonly workspace: GoWorkspace;
  private readonly settingsFiles: SettingsFiles;
  private readonly folderHints: FolderHints;

  private constructor(private readonly store: DocumentStore, private readonly options: EngineOptions) {
    this.workspace = new GoWorkspace(options.fs, store);
    this.settingsFiles = new SettingsFiles((p) => this.workspace.readFile(p), KNOWN_RULE_IDS);
    this.folderHints = new FolderHints(this.workspace, options.unchangingFiles === true);
  }

  static async create(options: EngineOptions): Promise<Engine> {
    const grammars = await Grammars.load(options.wasmDir);
    return new Engine(new DocumentStore(grammars), options);
  }

  get rules(): readonly Rule[] {
    return RULES;
  }

  /** What the module surveys learn from each of these files: a scan worker's share, for the others. */
  surveyFiles(absPaths: readonly string[]): [string, SurveyedFile][] {
    return absPaths.map((p) => [p, surveyFile(this.workspace, p)]);
  }

  /** Survey facts from `surveyFiles` elsewhere; only for files that do not change while this engine lives. */
  useSurveyedFiles(files: readonly [string, SurveyedFile][]): void {
    for (const [p, facts] of files) this.workspace.surveyed.set(p, facts);
  }

  analyze(input: AnalyzeInput): Finding[] {
    const language = languageOf(input.path);
    if (!language) return [];
    this.store.trim(this.options.maxCachedFiles ?? 500, this.options.maxCachedTextLength);
    const relativePath = relativePathOf(input);
    // The whole analysis, settings lookup included, reads the file as the text given.
    return this.workspace.whileAnalysing(input.path, input.text, () => this.analyzeFile(input, language, relativePath));
  }

  /**
   * What the app does right in a file (the scorecard's evidence), read off the same parse the rules
   * use. Test code and files the settings exclude show no evidence. Locations carry absolute paths;
   * `scorecard()` makes them relative to its root.
   */
  evidence(input: AnalyzeInput): Evidence[] {
    const language = languageOf(input.path);
    if (!language) return [];
    const relativePath = (input.relativePath ?? path.basename(input.path)).replace(/\\/g, '/');
    return this.workspace.whileAnalysing(input.path, input.text, () => {
      const scope = this.scopeOf(input, relativePath);
      const collectors = COLLECTORS.filter((c) => c.languages.includes(language));
      if (!scope || scope.isTest || collectors.length === 0) return [];
      if (language === 'go' && isGeneratedGo(input.text)) return [];
      const ctx = lazyContext({ path: input.path, relativePath, language, text: input.text, isTest: false, workspace: this.workspace });
      if (language === 'go') ctx.go = this.workspace.file(ctx.path, ctx.text);
      return collectors.flatMap((collector) => {
        try {
          return collector.collect(ctx);
        } catch (error) {
          this.options.onRuleError?.(`evidence/${collector.kind}`, error);
          return [];
        }
      });
    });
  }

  /** The settings in force for a file and whether it is test code; undefined when the file is excluded or ignored. */
  private scopeOf(input: AnalyzeInput, relativePath: string): { configured: (meta: RuleMeta) => RuleSetting | undefined; isTest: boolean } | undefined {
    const overrides = input.overrides ?? {};
    if (overrides.exclude && GlobSet.of(overrides.exclude).matches(relativePath)) return undefined;
    const nearest = this.settingsFiles.nearest(path.dirname(input.path), rootOf(input.path, relativePath));
    const settings = nearest?.settings ?? DEFAULT_SETTINGS;
    if (nearest && settings.ignore.matches(path.relative(nearest.dir, input.path).split(path.sep).join('/'))) return undefined;
    const configured = (meta: RuleMeta): RuleSetting | undefined => {
      const editor = overrides.rules?.[meta.id];
      return isRuleSetting(editor) ? editor : settings.rules.get(meta.id);
    };
    return { configured, isTest: (input.isTest ?? isTestPath(relativePath)) && settings.tests !== 'include' };
  }

  private analyzeFile(input: AnalyzeInput, language: LanguageId, relativePath: string): Finding[] {
    const scope = this.scopeOf(input, relativePath);
    if (!scope) return [];
    const { configured, isTest } = scope;
    // Generated Go is not analysed: no rule, no parse.
    if (language === 'go' && isGeneratedGo(input.text)) return [];
    const text = this.folderHints.textOf(input.path, input.text, language === 'go');
    const dir = path.dirname(input.path);
    const packageMatches = (pattern: RegExp): boolean => text.matches(pattern) || this.folderHints.anyMatches(dir, input.path, pattern);
    const rules = RULES.filter(
      ({ meta }) =>
        meta.languages.includes(language) &&
        configured(meta) !== 'off' &&
        (!isTest || (meta.runsOnTests && (!meta.testTextHint || meta.testTextHint.test(input.text)))) &&
        hintHolds(meta.textHint, language, text, packageMatches),
    );
    const ctx = lazyContext({ path: input.path, relativePath, language, text: input.text, isTest, workspace: this.workspace });
    if (language === 'go') {
      // Parsing is most of the cost: files no rule will look at are not parsed.
      if (rules.length === 0 && !input.text.includes(DIRECTIVE_PREFIX)) return [];
      ctx.go = this.workspace.file(ctx.path, ctx.text);
    }
    const directives = readDirectives(language, input.text, ctx.go);
    const drafts = oneFindingPerLiteral(this.runRules(ctx, rules));
    for (const draft of directiveProblems(directives, KNOWN_RULE_IDS)) drafts.push({ meta: UNKNOWN_RULE, draft });
    if (language === 'twelve-factor-config') {
      for (const draft of this.settingsFiles.parse(input.path, input.text).problems) drafts.push({ meta: INVALID_CONFIG, draft });
    }
    const findings: Finding[] = [];
    for (const { meta, draft } of drafts) {
      const setting = configured(meta);
      if (setting === 'off' || isSuppressed(directives, meta.id, draft.range.start.line)) continue;
      // A configured severity applies to every finding of the rule; otherwise the rule's own choice.
      findings.push(toFinding(meta, draft, input.path, setting ?? draft.severity ?? meta.severity));
    }
    return findings.sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId),
    );
  }

  private runRules(ctx: RuleContext, rules: readonly Rule[]): Draft[] {
    const drafts: Draft[] = [];
    for (const rule of rules) {
      try {
        for (const draft of rule.check(ctx)) drafts.push({ meta: rule.meta, draft });
      } catch (error) {
        this.options.onRuleError?.(rule.meta.id, error);
      }
    }
    return drafts;
  }

  /** The fixes for one of this file's findings, in the order they are offered. */
  fixesFor(input: AnalyzeInput, finding: Finding): Fix[] {
    return this.withFixContext(input, (ctx) => this.providerFixes(finding, ctx));
  }

  /** Refactors offered at a range of the file whatever its findings (e.g. extract a literal into config). */
  refactorsAt(input: AnalyzeInput, range: Range): Fix[] {
    return this.withFixContext(input, (ctx) => this.providerRefactors(range, ctx));
  }

  /**
   * What an editor offers for this file's `findings` (those at its cursor or selection): per rule the
   * fixes, preferred first, then the suppressions, then the docs; with `range`, the refactors there last.
   */
  codeActions(input: AnalyzeInput, findings: readonly Finding[], range?: Range): CodeAction[] {
    return this.withFixContext(input, (ctx) =>
      codeActionsFor(findings, ctx, {
        fixesFor: (finding) => this.providerFixes(finding, ctx),
        settingsTarget: (ruleId) => (isRuleSetting(input.overrides?.rules?.[ruleId]) ? undefined : this.settingsTarget(input)),
        refactors: range ? this.providerRefactors(range, ctx) : [],
      }),
    );
  }

  /**
   * The file's safe fixes (`Fix.safe`, editing only this file) as one set of edits on `input.text`.
   * Fixes that collide wait for the next pass over the fixed text; a pass that does not lower the
   * number of findings is dropped, so a fix that fails to fix cannot loop.
   */
  fixAll(input: AnalyzeInput): TextEdit[] {
    let text = input.text;
    let findings = this.analyze(input);
    for (let pass = 0; pass < MAX_FIX_ALL_PASSES && findings.length > 0; pass++) {
      const current = { ...input, text };
      const edits = this.withFixContext(current, (ctx) => nonCollidingSafeEdits(findings.flatMap((f) => this.providerFixes(f, ctx)), ctx));
      if (edits.length === 0) break;
      const fixed = applyTextEdits(text, edits);
      const remaining = this.analyze({ ...input, text: fixed });
      if (remaining.length >= findings.length) break;
      text = fixed;
      findings = remaining;
    }
    return editsBetween(input.text, text);
  }

  private providerFixes(finding: Finding, ctx: FixContext): Fix[] {
    return FINDING_FIX_PROVIDERS.filter((p) => p.ruleIds.includes(finding.ruleId)).flatMap((p) => this.guarded(finding.ruleId, () => p.fixesFor(finding, ctx)));
  }

  private providerRefactors(range: Range, ctx: FixContext): Fix[] {
    return REFACTOR_PROVIDERS.filter((p) => p.languages.includes(ctx.language)).flatMap((p) => this.guarded('refactor', () => p.refactorsAt(range, ctx)));
  }

  /** The settings file in force for the file (its text as open), or where a new one goes: the workspace root. */
  private settingsTarget(input: AnalyzeInput): SettingsTarget {
    const relativePath = relativePathOf(input);
    const root = rootOf(input.path, relativePath);
    const nearest = this.settingsFiles.nearest(path.dirname(input.path), root);
    for (const name of nearest ? SETTINGS_FILE_NAMES : []) {
      const file = path.join(nearest!.dir, name);
      const text = this.workspace.readFile(file);
      if (text !== undefined) return { path: file, text };
    }
    return { path: path.join(root, SETTINGS_FILE_NAMES[0]) };
  }

  private withFixContext<T>(input: AnalyzeInput, fn: (ctx: FixContext) => T[]): T[] {
    const language = languageOf(input.path);
    if (!language) return [];
    const relativePath = relativePathOf(input);
    return this.workspace.whileAnalysing(input.path, input.text, () => {
      const ctx = lazyContext({ path: input.path, relativePath, language, text: input.text, isTest: false, workspace: this.workspace });
      if (language === 'go') ctx.go = this.workspace.file(input.path, input.text);
      return fn(ctx);
    });
  }

  /** A provider that throws offers nothing; it is reported like a rule error. */
  private guarded(id: string, fn: () => Fix[]): Fix[] {
    try {
      return fn();
    } catch (error) {
      this.options.onRuleError?.(id, error);
      return [];
    }
  }

  /** Drop a file's cached parse (closed in the editor, deleted on disk). */
  forget(absPath: string): void {
    this.store.forget(absPath);
  }
}

/** The path relative to the workspace or scan root, forward slashes; the file name when none is given. */
function relativePathOf(input: AnalyzeInput): string {
  return (input.relativePath ?? path.basename(input.path)).replace(/\\/g, '/');
}

/** The workspace or scan root: the absolute path without its relative part. */
function rootOf(absPath: string, relativePath: string): string {
  const tail = path.sep + relativePath.split('/').join(path.sep);
  return relativePath && absPath.endsWith(tail) ? absPath.slice(0, -tail.length) || path.sep : path.dirname(absPath);
}

/** A context whose parsed documents are built on first use, once, whichever rule asks first. */
function lazyContext(base: Omit<RuleContext, 'yaml' | 'dockerfile'>): RuleContext {
  let yaml: YamlFile | undefined;
  let dockerfile: Dockerfile | undefined;
  const ctx = base as RuleContext;
  if (base.language === 'compose' || base.language === 'yaml') {
    Object.defineProperty(ctx, 'yaml', { get: () => (yaml ??= parseYaml(base.text)) });
  }
  if (base.language === 'dockerfile') {
    Object.defineProperty(ctx, 'dockerfile', { get: () => (dockerfile ??= parseDockerfile(base.text)) });
  }
  return ctx;
}

/** A string literal gets at most one literal-rule finding: the first rule in catalog order. */
function oneFindingPerLiteral(drafts: Draft[]): Draft[] {
  const best = new Map<number, Draft>();
  const rank = (meta: RuleMeta): number => LITERAL_RULE_ORDER.indexOf(meta.id);
  const out: Draft[] = [];
  for (const d of drafts) {
    const offset = d.draft.literalOffset;
    if (offset === undefined) {
      out.push(d);
      continue;
    }
    const current = best.get(offset);
    if (!current || rank(d.meta) < rank(current.meta)) best.set(offset, d);
  }
  return out.concat([...best.values()]);
}

function toFinding(meta: RuleMeta, draft: FindingDraft, filePath: string, severity: Severity): Finding {
  const factor = factorOf(meta.factor);
  const prefix = meta.engine ? 'twelve-factor' : `${factor.numeral} ${factor.title}`;
  const finding: Finding = {
    ruleId: meta.id,
    factor: meta.factor,
    severity,
    path: filePath,
    range: draft.range,
    message: `${prefix}: ${draft.message}`,
  };
  if (draft.data) finding.data = draft.data;
  return finding;
}
