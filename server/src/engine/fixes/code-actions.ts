// What an editor offers on findings, in the ESLint extension's order: per rule, its fixes (the
// preferred one first), then the suppressions, then the rule's documentation; refactors last. And
// "fix all": the safe fixes of a file combined into one set of edits that do not collide.
import { ALL_RULE_METAS, docsPathOf } from '../engine-rules';
import { factorOf } from '../factors';
import { TextIndex } from '../languages/documents';
import type { Finding } from '../types';
import { fileSuppression, lineSuppression, settingsDisable, type SettingsTarget } from './suppress';
import type { Fix, FixContext, TextEdit } from './types';

/** A rule's documentation: the doc's path in the repository (and the extension), and a page on the web. */
export interface DocsLink {
  ruleId: string;
  /** `docs/rules/<rule id>.md` */
  path: string;
  url: string;
}

export type CodeAction = { kind: 'fix'; fix: Fix; finding?: Finding } | { kind: 'docs'; title: string; docs: DocsLink; finding: Finding };

export function docsLinkOf(ruleId: string): DocsLink {
  const meta = ALL_RULE_METAS.find((m) => m.id === ruleId);
  // The engine's own rules break no factor: they link to the methodology's front page.
  const url = !meta || meta.engine ? 'https://12factor.net/' : factorOf(meta.factor).url;
  return { ruleId, path: meta?.docs ?? docsPathOf(ruleId), url };
}

export interface CodeActionSources {
  /** The providers' fixes for a finding, in registry order. */
  fixesFor(finding: Finding): Fix[];
  /** Where `off` for a rule would be written; undefined when an editor setting for the rule wins over the file. */
  settingsTarget(ruleId: string): SettingsTarget | undefined;
  /** Refactors at the requested range. */
  refactors: Fix[];
}

/** The actions for `findings` (those at the editor's range), grouped by rule in the order the rules first appear. */
export function codeActionsFor(findings: readonly Finding[], ctx: FixContext, sources: CodeActionSources): CodeAction[] {
  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), finding]);
  const actions: CodeAction[] = [];
  for (const [ruleId, group] of byRule) {
    for (const finding of group) {
      const fixes = sources.fixesFor(finding);
      // Stable: among equals, the providers' order.
      for (const fix of [...fixes.filter((f) => f.isPreferred), ...fixes.filter((f) => !f.isPreferred)]) actions.push({ kind: 'fix', fix, finding });
    }
    const lines = new Set<number>();
    for (const finding of group) {
      if (lines.has(finding.range.start.line)) continue;
      lines.add(finding.range.start.line);
      const fix = lineSuppression(finding, ctx);
      if (fix) actions.push({ kind: 'fix', fix, finding });
    }
    const first = group[0];
    const inFile = fileSuppression(ruleId, ctx);
    if (inFile) actions.push({ kind: 'fix', fix: inFile, finding: first });
    const target = sources.settingsTarget(ruleId);
    const disable = target && settingsDisable(ruleId, target);
    if (disable) actions.push({ kind: 'fix', fix: disable, finding: first });
    actions.push({ kind: 'docs', title: `Show documentation for ${ruleId}`, docs: docsLinkOf(ruleId), finding: first });
  }
  // A refactor doing what a quick fix above already does (extract the flagged literal) is not offered twice.
  const offered = new Set(actions.flatMap((a) => (a.kind === 'fix' ? [a.fix.title] : [])));
  for (const fix of sources.refactors) if (!offered.has(fix.title)) actions.push({ kind: 'fix', fix });
  return actions;
}

/**
 * From fixes offered on one text, the edits of the safe ones that only edit that file, skipping any
 * fix whose edits touch an edit already taken (two inserts at one place, say the same import, collide).
 */
export function nonCollidingSafeEdits(fixes: readonly Fix[], ctx: FixContext): TextEdit[] {
  const index = new TextIndex(ctx.text);
  const taken: { start: number; end: number }[] = [];
  const edits: TextEdit[] = [];
  for (const fix of fixes) {
    if (!fix.safe || !fix.changes.every((c) => c.kind === 'edit' && c.path === ctx.path)) continue;
    const fixEdits = fix.changes.flatMap((c) => (c.kind === 'edit' ? c.edits : []));
    const spans = fixEdits.map((e) => ({ start: index.offset(e.range.start), end: index.offset(e.range.end) }));
    if (spans.some((s) => taken.some((t) => s.start <= t.end && t.start <= s.end))) continue;
    taken.push(...spans);
    edits.push(...fixEdits);
  }
  return edits;
}
