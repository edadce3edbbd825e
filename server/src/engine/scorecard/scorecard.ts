// The scorecard: findings and evidence sorted into apps and factors, each factor with a status, each
// app with a score. Pure: the CLI and the language server gather the inputs, this decides.
import * as path from 'path';
import { ENGINE_RULES } from '../engine-rules';
import { FACTORS, type Factor } from '../factors';
import { RULES } from '../registry';
import type { FactorSlug, Finding, LanguageId, Range } from '../types';
import { appsOfPath, type IndexedApp, type ScoreIndex } from './apps';
import { COLLECTORS } from './evidence';
import type { AppScorecard, Evidence, FactorScore, FactorStatus, ScoreFinding, Scorecard } from './types';

const ENGINE_RULE_IDS = new Set(ENGINE_RULES.map((m) => m.id));

/** The kinds of file some rule or evidence collector of each factor looks at. */
const LANGUAGES_OF_FACTOR = new Map<FactorSlug, Set<LanguageId>>(
  FACTORS.map((f) => [
    f.slug,
    new Set([...RULES.filter((r) => r.meta.factor === f.slug && !r.meta.engine).flatMap((r) => r.meta.languages), ...COLLECTORS.filter((c) => c.factor === f.slug).flatMap((c) => c.languages)]),
  ]),
);

function relativeTo(root: string, file: string): string {
  return (path.isAbsolute(file) ? path.relative(root, file) : file).split(path.sep).join('/');
}

function byPlace(a: { location: { path: string; range: Range } }, b: { location: { path: string; range: Range } }): number {
  const pa = a.location.path;
  const pb = b.location.path;
  return pa < pb ? -1 : pa > pb ? 1 : a.location.range.start.line - b.location.range.start.line || a.location.range.start.character - b.location.range.start.character;
}

function statusOf(app: IndexedApp, factor: Factor, findings: ScoreFinding[], evidence: Evidence[]): FactorStatus {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (findings.length > 0) return 'warn';
  const looked = LANGUAGES_OF_FACTOR.get(factor.slug)!;
  return evidence.length > 0 || app.languages.some((l) => looked.has(l)) ? 'pass' : 'not-assessed';
}

/**
 * Per app of the index, per factor I–XII: `fail` with an error-level finding, `warn` with other
 * findings, `pass` when some file of the app is of a kind the factor's rules or evidence look at and
 * nothing was found, else `not-assessed`. Findings of the engine's own rules (directives, settings)
 * break no factor and are left out. Paths may be absolute or relative to the index's root; a finding
 * or evidence outside every app is left out.
 */
export function scorecard(findings: readonly Finding[], evidence: readonly Evidence[], index: ScoreIndex): Scorecard {
  const roots = index.apps.map((a) => a.root);
  const findingsOf = new Map<string, Placed[]>(roots.map((r) => [r, []]));
  const evidenceOf = new Map<string, Evidence[]>(roots.map((r) => [r, []]));
  for (const f of findings) {
    if (ENGINE_RULE_IDS.has(f.ruleId)) continue;
    const finding: ScoreFinding = { ruleId: f.ruleId, severity: f.severity, message: f.message, location: { path: relativeTo(index.root, f.path), range: f.range } };
    for (const app of appsOfPath(roots, finding.location.path)) findingsOf.get(app)!.push({ factor: f.factor, finding });
  }
  const seen = new Set<string>();
  for (const e of evidence) {
    const located: Evidence = { ...e, location: { path: relativeTo(index.root, e.location.path), range: e.location.range } };
    const key = JSON.stringify([located.kind, located.location]);
    if (seen.has(key)) continue;
    seen.add(key);
    for (const app of appsOfPath(roots, located.location.path)) evidenceOf.get(app)!.push(located);
  }
  return { root: index.root, apps: index.apps.map((app) => appScorecard(app, findingsOf.get(app.root)!, evidenceOf.get(app.root)!)) };
}

/** A finding with the factor it breaks. */
interface Placed {
  factor: FactorSlug;
  finding: ScoreFinding;
}

function appScorecard(app: IndexedApp, placed: Placed[], evidence: Evidence[]): AppScorecard {
  const findings = placed.map((p) => p.finding);
  const factors = FACTORS.map((factor): FactorScore => {
    const own = placed.filter((p) => p.factor === factor.slug).map((p) => p.finding).sort(byPlace);
    const shown = evidence.filter((e) => e.factor === factor.slug).sort(byPlace);
    return {
      factor: factor.slug,
      numeral: factor.numeral,
      title: factor.title,
      principle: factor.principle,
      url: factor.url,
      status: statusOf(app, factor, own, shown),
      findings: own,
      evidence: shown,
    };
  });
  const count = (severity: ScoreFinding['severity']): number => findings.filter((f) => f.severity === severity).length;
  return {
    root: app.root,
    name: app.name,
    factors,
    score: {
      passed: factors.filter((f) => f.status === 'pass').length,
      assessed: factors.filter((f) => f.status !== 'not-assessed').length,
      counts: { error: count('error'), warning: count('warning'), information: count('information') },
    },
  };
}
