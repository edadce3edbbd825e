// The scorecard as Markdown, for a pull request description or a CI summary. The CLI's
// `--format markdown` and the editor's "Export Markdown" both print this.
import type { AppScorecard, FactorScore, FactorStatus, ScoreLocation, Scorecard } from './types';

const STATUS_LABELS: Record<FactorStatus, string> = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  'not-assessed': '➖ not assessed',
};

/** Text safe inside a table cell or a list item: no pipes breaking cells, no line breaks. */
function inline(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function place(location: ScoreLocation): string {
  return `\`${location.path}:${location.range.start.line + 1}\``;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function factorDetails(factor: FactorScore): string[] {
  if (factor.findings.length === 0 && factor.evidence.length === 0) return [];
  return [
    '',
    `#### ${factor.numeral}. ${factor.title} — ${STATUS_LABELS[factor.status]}`,
    '',
    ...factor.findings.map((f) => `- **${f.severity}** ${place(f.location)} ${inline(f.message)} (\`${f.ruleId}\`)`),
    ...factor.evidence.map((e) => `- ✔ ${place(e.location)} ${inline(e.description)}`),
  ];
}

function appSection(app: AppScorecard, heading: string): string[] {
  const { passed, assessed, counts } = app.score;
  const notAssessed = app.factors.length - assessed;
  return [
    `${heading} ${inline(app.name)} (\`${app.root}\`) — ${passed}/${assessed} factors pass`,
    '',
    `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.information} information${notAssessed > 0 ? `; ${notAssessed} not assessed (no file the factor's checks look at)` : ''}`,
    '',
    '| Factor | Status | Findings | Evidence |',
    '|---|---|---:|---:|',
    ...app.factors.map((f) => `| [${f.numeral}. ${f.title}](${f.url}) | ${STATUS_LABELS[f.status]} | ${f.findings.length} | ${f.evidence.length} |`),
    ...app.factors.flatMap(factorDetails),
  ];
}

export function scorecardMarkdown(card: Scorecard): string {
  const lines = ['# Twelve-Factor scorecard', ''];
  if (card.apps.length === 0) {
    lines.push('No app found: an app is a folder with a go.mod, package.json, requirements.txt, Dockerfile or Procfile.');
  } else {
    card.apps.forEach((app, i) => {
      if (i > 0) lines.push('');
      lines.push(...appSection(app, '##'));
    });
  }
  return `${lines.join('\n')}\n`;
}
