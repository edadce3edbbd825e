// The scorecard as tree nodes: labels, icons, descriptions, tooltips, what a click opens, stable ids.
// Pure (no `vscode`), so it is tested under plain node; treeView.ts turns nodes into TreeItems.
import type { Severity } from '../../../server/src/engine/types';
import {
  STATUS_LABELS,
  appOf,
  countsText,
  escapeMarkdown,
  factorLabel,
  locationText,
  messageWithoutFactor,
  openTarget,
  plural,
  scoreText,
  worstStatus,
  type OpenTarget,
} from './format';
import type { AppScorecard, Evidence, FactorScore, FactorStatus, Scorecard, ScoreFinding } from '../../../server/src/engine/scorecard/types';

/** A codicon id and an optional theme colour id. */
export interface IconRef {
  id: string;
  color?: string;
}

export type NodeKind = 'app' | 'factor' | 'finding' | 'evidence';

export interface ScoreNode {
  kind: NodeKind;
  /** Stable across updates, so a tree keeps what was expanded. */
  id: string;
  label: string;
  description: string;
  /** Markdown. */
  tooltip: string;
  icon: IconRef;
  children: ScoreNode[];
  /** What a click opens (findings and evidence). */
  open?: OpenTarget;
}

export const STATUS_ICONS: Record<FactorStatus, IconRef> = {
  pass: { id: 'pass', color: 'testing.iconPassed' },
  warn: { id: 'warning', color: 'problemsWarningIcon.foreground' },
  fail: { id: 'error', color: 'problemsErrorIcon.foreground' },
  'not-assessed': { id: 'circle-slash', color: 'disabledForeground' },
};

const SEVERITY_ICONS: Record<Severity, IconRef> = {
  error: { id: 'error', color: 'problemsErrorIcon.foreground' },
  warning: { id: 'warning', color: 'problemsWarningIcon.foreground' },
  information: { id: 'info', color: 'problemsInfoIcon.foreground' },
};

const EVIDENCE_ICON: IconRef = { id: 'check', color: 'testing.iconPassed' };

/** The tree's top level: one node per app when there are several, else the one app's twelve factors. */
export function scorecardTree(scorecard: Scorecard | undefined): ScoreNode[] {
  if (!scorecard) return [];
  const apps = scorecard.apps.map((app) => appNode(scorecard, app));
  return apps.length === 1 ? apps[0].children : apps;
}

function appNode(scorecard: Scorecard, app: AppScorecard): ScoreNode {
  const id = `app:${app.root}`;
  const { passed, assessed } = app.score;
  return {
    kind: 'app',
    id,
    label: app.name,
    description: `${passed}/${assessed} · ${app.root}`,
    tooltip: `**${escapeMarkdown(app.name)}** (${escapeMarkdown(app.root)})\n\n${scoreText(passed, assessed)}; ${countsText(app)}`,
    icon: STATUS_ICONS[worstStatus(app.factors.map((f) => f.status))],
    children: app.factors.map((factor) => factorNode(scorecard, factor, id)),
  };
}

function factorNode(scorecard: Scorecard, factor: FactorScore, appId: string): ScoreNode {
  const id = `${appId}/factor:${factor.factor}`;
  const unique = uniqueIds();
  return {
    kind: 'factor',
    id,
    label: factorLabel(factor),
    description: factorDescription(factor),
    tooltip: factorTooltip(factor),
    icon: STATUS_ICONS[factor.status],
    children: [
      ...factor.findings.map((finding) => findingNode(scorecard, factor, finding, unique(`${id}/finding:${finding.ruleId}@${anchor(finding.location)}`))),
      ...factor.evidence.map((evidence) => evidenceNode(scorecard, evidence, unique(`${id}/evidence:${evidence.kind}@${anchor(evidence.location)}`))),
    ],
  };
}

function factorDescription(factor: FactorScore): string {
  if (factor.status === 'not-assessed') return STATUS_LABELS['not-assessed'];
  const parts = [
    factor.findings.length ? plural(factor.findings.length, 'finding') : '',
    factor.evidence.length ? `${factor.evidence.length} evidence` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no findings';
}

function factorTooltip(factor: FactorScore): string {
  const status =
    factor.status === 'not-assessed'
      ? 'not assessed: the app has no file a rule of this factor can look at'
      : STATUS_LABELS[factor.status];
  return [
    `**${factorLabel(factor)}** — ${status}`,
    `*${factor.principle}*`,
    `[${factor.url.replace(/^https:\/\//, '')}](${factor.url})`,
  ].join('\n\n');
}

function findingNode(scorecard: Scorecard, factor: FactorScore, finding: ScoreFinding, id: string): ScoreNode {
  return {
    kind: 'finding',
    id,
    label: messageWithoutFactor(factor, finding.message),
    description: locationText(finding.location),
    tooltip: `${escapeMarkdown(finding.message)}\n\n\`${finding.ruleId}\` · ${finding.severity} · ${escapeMarkdown(locationText(finding.location))}`,
    icon: SEVERITY_ICONS[finding.severity],
    children: [],
    open: openTarget(scorecard, finding.location),
  };
}

function evidenceNode(scorecard: Scorecard, evidence: Evidence, id: string): ScoreNode {
  return {
    kind: 'evidence',
    id,
    label: evidence.description,
    description: `evidence · ${locationText(evidence.location)}`,
    tooltip: `Evidence: ${escapeMarkdown(evidence.description)}\n\n\`${evidence.kind}\` · ${escapeMarkdown(locationText(evidence.location))}`,
    icon: EVIDENCE_ICON,
    children: [],
    open: openTarget(scorecard, evidence.location),
  };
}

function anchor(location: { path: string; range: { start: { line: number; character: number } } }): string {
  return `${location.path}:${location.range.start.line}:${location.range.start.character}`;
}

/** Ids must be unique in a tree: a second node with the same id gets `#2`, and so on. */
function uniqueIds(): (id: string) => string {
  const seen = new Map<string, number>();
  return (id) => {
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    return count === 1 ? id : `${id}#${count}`;
  };
}

export interface StatusSummary {
  /** `12F 9/12` */
  text: string;
  tooltip: string;
  worst: FactorStatus;
}

/**
 * The status bar's summary: passed/assessed for the app holding `activeFile`, else summed over all
 * apps; undefined when the workspace has no app.
 */
export function statusSummary(scorecard: Scorecard | undefined, activeFile?: string): StatusSummary | undefined {
  if (!scorecard?.apps.length) return undefined;
  const active = activeFile === undefined ? undefined : appOf(scorecard, activeFile);
  const apps = active ? [active] : scorecard.apps;
  const passed = apps.reduce((sum, app) => sum + app.score.passed, 0);
  const assessed = apps.reduce((sum, app) => sum + app.score.assessed, 0);
  const scope = apps.length === 1 ? apps[0].name : plural(apps.length, 'app');
  return {
    text: `12F ${passed}/${assessed}`,
    tooltip: `Twelve-Factor — ${scope}: ${scoreText(passed, assessed)}. Click to open the scorecard.`,
    worst: worstStatus(apps.flatMap((app) => app.factors.map((f) => f.status))),
  };
}
