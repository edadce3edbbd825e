// Words and small facts every view of the scorecard shares (tree, status bar, report, Markdown).
import * as path from 'path';
import type { Range } from '../../../server/src/engine/types';
import type { AppScorecard, FactorScore, FactorStatus, Scorecard, ScoreLocation } from '../../../server/src/engine/scorecard/types';

/** Worst first: the order that decides an app's overall colour. */
const SEVERITY_ORDER: readonly FactorStatus[] = ['fail', 'warn', 'pass', 'not-assessed'];

export const STATUS_LABELS: Record<FactorStatus, string> = {
  pass: 'pass',
  warn: 'warning',
  fail: 'fail',
  'not-assessed': 'not assessed',
};

/** The worst of the statuses (`not-assessed` when there are none or none was assessed). */
export function worstStatus(statuses: Iterable<FactorStatus>): FactorStatus {
  let worst: FactorStatus = 'not-assessed';
  for (const status of statuses) {
    if (SEVERITY_ORDER.indexOf(status) < SEVERITY_ORDER.indexOf(worst)) worst = status;
  }
  return worst;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** `III. Config` */
export function factorLabel(factor: FactorScore): string {
  return `${factor.numeral}. ${factor.title}`;
}

/** A finding's message without the `III Config: ` prefix the engine adds (the factor is shown beside it). */
export function messageWithoutFactor(factor: FactorScore, message: string): string {
  const prefix = `${factor.numeral} ${factor.title}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/** `services/api/main.go:20` (1-based line, as editors show it). */
export function locationText(location: ScoreLocation): string {
  return `${location.path}:${location.range.start.line + 1}`;
}

/** A file and range to open, the file absolute. */
export interface OpenTarget {
  file: string;
  range: Range;
}

export function openTarget(scorecard: Scorecard, location: ScoreLocation): OpenTarget {
  return { file: path.join(scorecard.root, ...location.path.split('/')), range: location.range };
}

/** `2 errors, 6 warnings` — only the severities present; `no findings` when none. */
export function countsText(app: AppScorecard): string {
  const { error, warning, information } = app.score.counts;
  const parts = [
    error ? plural(error, 'error') : '',
    warning ? plural(warning, 'warning') : '',
    information ? `${information} information` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no findings';
}

/** `4 of 10 assessed factors pass` */
export function scoreText(passed: number, assessed: number): string {
  return `${passed} of ${plural(assessed, 'assessed factor')} ${passed === 1 ? 'passes' : 'pass'}`;
}

/** The app whose root holds `file` (the deepest one when roots nest), if any. */
export function appOf(scorecard: Scorecard, file: string): AppScorecard | undefined {
  const relative = path.relative(scorecard.root, file).split(path.sep).join('/');
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  let best: AppScorecard | undefined;
  for (const app of scorecard.apps) {
    const inside = app.root === '.' || relative === app.root || relative.startsWith(`${app.root}/`);
    if (inside && (!best || depth(app.root) > depth(best.root))) best = app;
  }
  return best;
}

function depth(root: string): number {
  return root === '.' ? 0 : root.split('/').length;
}

/** User text (messages may hold `*`, `_`, `<type>`, `|`) shown literally in Markdown, never as markup or HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~#]/g, '\\$&');
}
