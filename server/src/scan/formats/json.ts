// `{ findings: [...], summary: {...} }`, positions 1-based, paths relative to the report root.
import type { Report } from '../report';

export function formatJson(report: Report): string {
  return `${JSON.stringify({ findings: report.findings, summary: report.summary }, null, 2)}\n`;
}
