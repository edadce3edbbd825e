// The scorecard as a compact table: per app a heading with its score, then the twelve factors, one a
// row, with status and the number of findings and pieces of evidence.
import type { AppScorecard, FactorStatus, Scorecard } from '../../engine';

const STATUS_COLOURS: Record<FactorStatus, string> = { pass: '\x1b[32m', warn: '\x1b[33m', fail: '\x1b[31m', 'not-assessed': '\x1b[2m' };
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function appTable(app: AppScorecard, paint: (code: string, text: string) => string): string[] {
  const { passed, assessed, counts } = app.score;
  const heading = `${app.name} (${app.root})  ${passed}/${assessed} factors pass · ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.information} information`;
  const titleWidth = Math.max(...app.factors.map((f) => f.title.length));
  const rows = app.factors.map((f) => {
    const status = paint(STATUS_COLOURS[f.status], f.status.padEnd(12));
    const found = f.findings.length > 0 ? plural(f.findings.length, 'finding') : '';
    const shown = f.evidence.length > 0 ? `${f.evidence.length} evidence` : '';
    return `  ${f.numeral.padEnd(5)} ${f.title.padEnd(titleWidth)}  ${status}  ${[found, shown].filter(Boolean).join(', ')}`.trimEnd();
  });
  return [paint(BOLD, heading), ...rows];
}

export function formatScoreText(card: Scorecard, colour: boolean): string {
  const paint = (code: string, text: string): string => (colour ? `${code}${text}${RESET}` : text);
  if (card.apps.length === 0) return 'No app found: an app is a folder with a go.mod, package.json, requirements.txt, Dockerfile or Procfile.\n';
  return `${card.apps.map((app) => appTable(app, paint).join('\n')).join('\n\n')}\n`;
}
