// SARIF 2.1.0, as GitHub code scanning and other CI dashboards read it: one run, every registered
// rule described in the driver, one result per finding located relative to %SRCROOT%.
import { pathToFileURL } from 'url';
import { factorOf, type RuleMeta, type Severity } from '../../engine';
import type { Report } from '../report';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note' };

export interface ToolInfo {
  version: string;
  /** Every rule a finding can come from. */
  rules: readonly RuleMeta[];
}

function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** A relative URI reference: each path segment percent-encoded. */
function relativeUri(relativePath: string): string {
  return relativePath.split('/').map(encodeURIComponent).join('/');
}

export function formatSarif(report: Report, tool: ToolInfo): string {
  const ruleIndex = new Map(tool.rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'twelve-factor',
            version: tool.version,
            informationUri: 'https://12factor.net/',
            rules: tool.rules.map((meta) => {
              const rule = { id: meta.id, shortDescription: { text: meta.summary }, defaultConfiguration: { level: LEVELS[meta.severity] } };
              // The engine's own rules (suppression comments, settings) break no factor.
              if (meta.engine) return rule;
              const factor = factorOf(meta.factor);
              return { ...rule, helpUri: factor.url, properties: { factor: factor.slug, numeral: factor.numeral } };
            }),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: rootUri(report.root) } },
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId),
          level: LEVELS[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relativeUri(f.path), uriBaseId: 'SRCROOT' },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
