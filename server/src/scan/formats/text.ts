// `path:line:col  severity  message  [rule-id]`, one finding a line, then the totals.
import type { Severity } from '../../engine';
import type { Report, Summary } from '../report';

const SEVERITY_COLOURS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m' };
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(s: Summary): string {
  return `${plural(s.findings, 'finding')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.information} information) in ${plural(s.files, 'file')}`;
}

export function formatText(report: Report, colour: boolean): string {
  const paint = (code: string, text: string): string => (colour ? `${code}${text}${RESET}` : text);
  const lines = report.findings.map(
    (f) => `${paint(BOLD, `${f.path}:${f.line}:${f.column}`)}  ${paint(SEVERITY_COLOURS[f.severity], f.severity)}  ${f.message}  ${paint(DIM, `[${f.ruleId}]`)}`,
  );
  if (lines.length > 0) lines.push('');
  lines.push(summaryLine(report.summary));
  return `${lines.join('\n')}\n`;
}
