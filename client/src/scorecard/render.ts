// The report as HTML: the webview's page and the standalone export, one renderer (Markdown comes from
// the engine's scorecardMarkdown, shared with the CLI). Pure functions of the scorecard; no script, no remote resource.
import { createHash } from 'crypto';
import { STATUS_LABELS, countsText, factorLabel, locationText, messageWithoutFactor, openTarget, scoreText } from './format';
import { OPEN_LOCATION_COMMAND } from './ids';
import type { AppScorecard, FactorScore, FactorStatus, Scorecard, ScoreLocation } from '../../../server/src/engine/scorecard/types';

/**
 * `webview`: links open the code through a command URI (the webview allows only that command) and
 * colours follow the editor's theme. `standalone`: a file to share, with its own light/dark colours
 * and locations as plain text.
 */
export type HtmlTarget = { kind: 'webview'; nonce: string } | { kind: 'standalone' };

export function renderHtml(scorecard: Scorecard, target: HtmlTarget): string {
  const style = STYLE + (target.kind === 'webview' ? WEBVIEW_COLOURS : STANDALONE_COLOURS);
  const styleSource =
    target.kind === 'webview' ? `'nonce-${target.nonce}'` : `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
  const nonce = target.kind === 'webview' ? ` nonce="${escapeHtml(target.nonce)}"` : '';
  const apps = scorecard.apps.map((app, index) => appSection(scorecard, app, `app-${index + 1}`, target)).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${styleSource}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Twelve-Factor scorecard</title>
<style${nonce}>${style}</style>
</head>
<body>
<h1>Twelve-Factor scorecard</h1>
<p class="muted">${escapeHtml(scorecard.root)}</p>
${scorecard.apps.length ? apps : '<p>No app found: an app is a folder with a go.mod, package.json, requirements.txt, Dockerfile or Procfile.</p>'}
</body>
</html>
`;
}

function appSection(scorecard: Scorecard, app: AppScorecard, id: string, target: HtmlTarget): string {
  const { passed, assessed } = app.score;
  const notAssessed = app.factors.length - assessed;
  const details = app.factors
    .filter((factor) => factor.findings.length || factor.evidence.length)
    .map((factor) => factorDetails(scorecard, factor, `${id}-${factor.factor}`, target))
    .join('\n');
  return `<section id="${id}">
<h2>${escapeHtml(app.name)} <span class="muted">${escapeHtml(app.root)}</span></h2>
<p><strong>${passed}/${assessed}</strong> ${escapeHtml(scoreText(passed, assessed))} · ${escapeHtml(countsText(app))}${notAssessed ? ` · ${notAssessed} not assessed` : ''}</p>
${chart(app)}
<table>
<thead><tr><th>Factor</th><th>Status</th><th>Findings</th><th>Evidence</th></tr></thead>
<tbody>
${app.factors.map((factor) => factorRow(factor, `${id}-${factor.factor}`)).join('\n')}
</tbody>
</table>
${details}
</section>`;
}

function factorRow(factor: FactorScore, id: string): string {
  const hasDetails = factor.findings.length || factor.evidence.length;
  const label = escapeHtml(factorLabel(factor));
  return `<tr><td>${hasDetails ? `<a href="#${id}">${label}</a>` : label}<div class="muted">${escapeHtml(factor.principle)}</div></td>`
    + `<td>${statusBadge(factor.status)}</td><td>${factor.findings.length}</td><td>${factor.evidence.length}</td></tr>`;
}

function factorDetails(scorecard: Scorecard, factor: FactorScore, id: string, target: HtmlTarget): string {
  const findings = factor.findings.map(
    (finding) =>
      `<li><span class="severity ${finding.severity}">${finding.severity}</span> ${escapeHtml(messageWithoutFactor(factor, finding.message))} `
      + `${locationLink(scorecard, finding.location, target)} <code class="muted">${escapeHtml(finding.ruleId)}</code></li>`,
  );
  const evidence = factor.evidence.map(
    (item) => `<li><span class="severity evidence">evidence</span> ${escapeHtml(item.description)} ${locationLink(scorecard, item.location, target)}</li>`,
  );
  return `<h3 id="${id}">${statusBadge(factor.status)} ${escapeHtml(factorLabel(factor))} <a href="${escapeHtml(factor.url)}">${escapeHtml(factor.url.replace(/^https:\/\//, ''))}</a></h3>
<ul>
${[...findings, ...evidence].join('\n')}
</ul>`;
}

function locationLink(scorecard: Scorecard, location: ScoreLocation, target: HtmlTarget): string {
  const text = `<code>${escapeHtml(locationText(location))}</code>`;
  if (target.kind === 'standalone') return text;
  const args = encodeURIComponent(JSON.stringify([openTarget(scorecard, location)]));
  return `<a href="${escapeHtml(`command:${OPEN_LOCATION_COMMAND}?${args}`)}" title="Open in the editor">${text}</a>`;
}

function statusBadge(status: FactorStatus): string {
  return `<span class="status ${status}">${STATUS_LABELS[status]}</span>`;
}

/** Height of a factor's bar, out of 1: the better the status, the taller; not assessed is a stub. */
const BAR_LEVEL: Record<FactorStatus, number> = { pass: 1, warn: 2 / 3, fail: 1 / 3, 'not-assessed': 0.06 };

/** Twelve bars, one a factor, coloured and sized by status. */
function chart(app: AppScorecard): string {
  const slot = 40;
  const plot = 100;
  const bars = app.factors.map((factor, index) => {
    const height = Math.round(plot * BAR_LEVEL[factor.status]);
    const x = index * slot + 8;
    const title = `${factorLabel(factor)}: ${STATUS_LABELS[factor.status]}`;
    return `<g><title>${escapeHtml(title)}</title><rect class="bar ${factor.status}" x="${x}" y="${10 + plot - height}" width="${slot - 16}" height="${height}" rx="3"/>`
      + `<text x="${x + (slot - 16) / 2}" y="${plot + 28}" text-anchor="middle">${factor.numeral}</text></g>`;
  });
  const label = `Factors I to XII: ${app.factors.map((f) => `${f.numeral} ${STATUS_LABELS[f.status]}`).join(', ')}`;
  return `<svg class="chart" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${slot * 12} ${plot + 36}" width="${slot * 12}" height="${plot + 36}">
<line class="axis" x1="0" y1="${plot + 10}" x2="${slot * 12}" y2="${plot + 10}"/>
${bars.join('\n')}
</svg>
<p class="muted legend">The taller the bar, the better: pass is full height, warning two thirds, fail one third; not assessed is a stub.</p>`;
}

const STYLE = `
body { font-family: var(--tf-font); color: var(--tf-fg); background: var(--tf-bg); margin: 1.5rem; line-height: 1.45; }
a { color: var(--tf-link); }
.muted { color: var(--tf-muted); font-weight: normal; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { text-align: left; padding: .35rem .75rem; border-bottom: 1px solid var(--tf-border); vertical-align: top; }
td:nth-child(3), td:nth-child(4) { text-align: right; }
ul { padding-left: 1.2rem; }
li { margin: .3rem 0; }
.status, .severity { display: inline-block; min-width: 6.5rem; padding: 0 .4em; border-radius: 3px; font-size: .8rem; font-weight: normal; text-align: center; color: var(--tf-badge-fg); }
.status.pass, .severity.evidence { background: var(--tf-pass); }
.status.warn, .severity.warning { background: var(--tf-warn); }
.status.fail, .severity.error { background: var(--tf-fail); }
.status.not-assessed { background: var(--tf-na); }
.severity.information { background: var(--tf-info); }
.legend { font-size: .85em; margin-top: 0; }
.chart text { fill: var(--tf-muted); font-size: 12px; }
.chart .axis { stroke: var(--tf-border); }
.bar.pass { fill: var(--tf-pass); }
.bar.warn { fill: var(--tf-warn); }
.bar.fail { fill: var(--tf-fail); }
.bar.not-assessed { fill: var(--tf-na); }
`;

const WEBVIEW_COLOURS = `
body {
  --tf-font: var(--vscode-font-family); --tf-fg: var(--vscode-foreground); --tf-bg: var(--vscode-editor-background);
  --tf-muted: var(--vscode-descriptionForeground); --tf-link: var(--vscode-textLink-foreground); --tf-border: var(--vscode-panel-border);
  --tf-pass: var(--vscode-testing-iconPassed); --tf-warn: var(--vscode-editorWarning-foreground); --tf-fail: var(--vscode-editorError-foreground);
  --tf-info: var(--vscode-editorInfo-foreground); --tf-na: var(--vscode-disabledForeground); --tf-badge-fg: var(--vscode-editor-background);
}
`;

const STANDALONE_COLOURS = `
body {
  --tf-font: system-ui, sans-serif; --tf-fg: #1f2328; --tf-bg: #ffffff; --tf-muted: #59636e; --tf-link: #0969da; --tf-border: #d0d7de;
  --tf-pass: #1a7f37; --tf-warn: #9a6700; --tf-fail: #cf222e; --tf-info: #0969da; --tf-na: #8c959f; --tf-badge-fg: #ffffff;
}
@media (prefers-color-scheme: dark) {
  body {
    --tf-fg: #e6edf3; --tf-bg: #0d1117; --tf-muted: #9198a1; --tf-link: #4493f8; --tf-border: #3d444d;
    --tf-pass: #3fb950; --tf-warn: #d29922; --tf-fail: #f85149; --tf-info: #4493f8; --tf-na: #656c76; --tf-badge-fg: #0d1117;
  }
}
`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}


