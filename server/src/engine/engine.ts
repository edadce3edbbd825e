// The engine's one entry point: a file's text (plus workspace facts) in, findings out.
import * as path from 'path';
import { factorOf } from './factors';
import { isTestPath, languageOf } from './files';
import type { Dockerfile } from 'dockerfile-ast';
import { parseDockerfile, parseYaml, type YamlFile } from './languages/documents';
import { Grammars } from './languages/parser';
import { RULES, LITERAL_RULE_ORDER } from './registry';
import type { Rule, RuleContext } from './rule';
import type { Finding, FindingDraft, Severity } from './types';
import { DocumentStore, GoWorkspace, type FileSystemView } from './workspace';

export interface AnalyzeInput {
  /** Absolute path. */
  path: string;
  text: string;
  /** Path relative to the workspace or scan root; decides what is test code. Defaults to the file name. */
  relativePath?: string;
  /** Overrides the path-based test-code decision. */
  isTest?: boolean;
}

export interface EngineOptions {
  fs: FileSystemView;
  /** Folder holding the .wasm files (next to the bundle); defaults to the npm packages. */
  wasmDir?: string;
  /** Parsed files kept between analyses. */
  maxCachedFiles?: number;
  /** A rule that throws is reported here and skipped; the other rules still run. */
  onRuleError?: (ruleId: string, error: unknown) => void;
}

export class Engine {
  readonly workspace: GoWorkspace;

  private constructor(private readonly store: DocumentStore, private readonly options: EngineOptions) {
    this.workspace = new GoWorkspace(options.fs, store);
  }

  static async create(options: EngineOptions): Promise<Engine> {
    const grammars = await Grammars.load(options.wasmDir);
    return new Engine(new DocumentStore(grammars), options);
  }

  get rules(): readonly Rule[] {
    return RULES;
  }

  analyze(input: AnalyzeInput): Finding[] {
    const language = languageOf(input.path);
    if (!language) return [];
    this.store.trim(this.options.maxCachedFiles ?? 500);
    const relativePath = (input.relativePath ?? path.basename(input.path)).replace(/\\/g, '/');
    const isTest = input.isTest ?? isTestPath(relativePath);
    const ctx = lazyContext({ path: input.path, relativePath, language, text: input.text, isTest, workspace: this.workspace });
    const drafts = this.workspace.whileAnalysing(input.path, input.text, () => this.runRules(ctx));
    return oneFindingPerLiteral(drafts)
      .map(({ rule, draft }) => toFinding(rule, draft, input.path))
      .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
  }

  private runRules(ctx: RuleContext): { rule: Rule; draft: FindingDraft }[] {
    if (ctx.language === 'go') {
      ctx.go = this.workspace.file(ctx.path, ctx.text);
      if (ctx.go.isGenerated) return [];
    }
    const drafts: { rule: Rule; draft: FindingDraft }[] = [];
    for (const rule of RULES) {
      if (!rule.meta.languages.includes(ctx.language)) continue;
      if (ctx.isTest && !rule.meta.runsOnTests) continue;
      try {
        for (const draft of rule.check(ctx)) drafts.push({ rule, draft });
      } catch (error) {
        this.options.onRuleError?.(rule.meta.id, error);
      }
    }
    return drafts;
  }

  /** Drop a file's cached parse (closed in the editor, deleted on disk). */
  forget(absPath: string): void {
    this.store.forget(absPath);
  }
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
function oneFindingPerLiteral(drafts: { rule: Rule; draft: FindingDraft }[]): { rule: Rule; draft: FindingDraft }[] {
  const best = new Map<number, { rule: Rule; draft: FindingDraft }>();
  const rank = (r: Rule): number => LITERAL_RULE_ORDER.indexOf(r.meta.id);
  const out: { rule: Rule; draft: FindingDraft }[] = [];
  for (const d of drafts) {
    const offset = d.draft.literalOffset;
    if (offset === undefined) {
      out.push(d);
      continue;
    }
    const current = best.get(offset);
    if (!current || rank(d.rule) < rank(current.rule)) best.set(offset, d);
  }
  return out.concat([...best.values()]);
}

function toFinding(rule: Rule, draft: FindingDraft, filePath: string): Finding {
  const factor = factorOf(rule.meta.factor);
  const severity: Severity = draft.severity ?? rule.meta.severity;
  const finding: Finding = {
    ruleId: rule.meta.id,
    factor: rule.meta.factor,
    severity,
    path: filePath,
    range: draft.range,
    message: `${factor.numeral} ${factor.title}: ${draft.message}`,
  };
  if (draft.data) finding.data = draft.data;
  return finding;
}
