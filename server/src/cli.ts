#!/usr/bin/env node
// `twelve-factor scan` and `score`: the engine the language server runs, over a tree on disk, for CI.
import * as fs from 'fs';
import * as path from 'path';
import { gitWorkTreeRoot, MAX_FILE_BYTES } from './diskFs';
import { ALL_RULE_METAS, indexFiles, scorecard, scorecardMarkdown, type Evidence, type Finding, type Scorecard } from './engine';
import { parseCommand, USAGE, UsageError, type FailOn, type ScanOptions, type ScoreOptions } from './scan/args';
import { formatJson } from './scan/formats/json';
import { formatSarif } from './scan/formats/sarif';
import { packageVersion } from './version';
import { formatScoreText } from './scan/formats/score-text';
import { formatText } from './scan/formats/text';
import { buildReport, relativePath, type Report } from './scan/report';
import { analyzeFiles } from './scan/run';
import { readIfExists, walk, type ScanFile } from './scan/walker';

const SEVERITY_RANK: Record<FailOn, number> = { information: 1, warning: 2, error: 3, none: Infinity };

const SKIP_REASONS = {
  binary: 'binary file',
  'too-large': `larger than ${MAX_FILE_BYTES / (1024 * 1024)} MB`,
  unreadable: 'could not be read',
};

function note(message: string): void {
  process.stderr.write(`twelve-factor: ${message}\n`);
}

function isWithin(folder: string, target: string): boolean {
  const rel = path.relative(folder, target);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

function commonFolder(a: string, b: string): string {
  let common = a;
  while (!isWithin(common, b)) common = path.dirname(common);
  return common;
}

/**
 * Where report paths start: the git work tree holding the scanned paths (so SARIF locations are
 * repo-relative), else the current folder when it holds them, else the folder they share.
 */
function reportRoot(targets: string[], cwd: string): string {
  const folders = targets.map((t) => (fs.statSync(t).isDirectory() ? t : path.dirname(t)));
  const shared = folders.reduce(commonFolder);
  return gitWorkTreeRoot(shared) ?? (folders.every((f) => isWithin(cwd, f)) ? cwd : shared);
}

function resolveTargets(paths: string[]): string[] {
  return paths.map((p) => {
    try {
      return fs.realpathSync(path.resolve(p));
    } catch {
      throw new UsageError(`path not found: ${p}`);
    }
  });
}

function render(report: Report, options: ScanOptions): string {
  switch (options.format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, { version: packageVersion(), rules: ALL_RULE_METAS });
    case 'text':
      return formatText(report, !options.output && process.stdout.isTTY === true && !process.env.NO_COLOR);
  }
}

interface Analysis {
  /** Where report paths start. */
  root: string;
  files: ScanFile[];
  findings: Finding[];
  evidence: Evidence[];
  analysed: number;
}

/** Walks the paths and analyses what it finds, noting skipped and failed files on stderr. */
async function analyse(paths: string[], jobs: number, evidence: boolean): Promise<Analysis> {
  const targets = resolveTargets(paths);
  const root = reportRoot(targets, fs.realpathSync(process.cwd()));
  const files = walk(targets, (absPath, reason) => note(`skipped ${relativePath(root, absPath)}: ${reason}`));
  const outcomes = await analyzeFiles(files, { jobs, bundleDir: __dirname, evidence });
  const analysis: Analysis = { root, files, findings: [], evidence: [], analysed: 0 };
  for (const outcome of outcomes) {
    const shown = relativePath(root, outcome.absPath);
    if (outcome.kind === 'skipped') note(`skipped ${shown}: ${SKIP_REASONS[outcome.reason]}`);
    else if (outcome.kind === 'failed') note(`could not analyse ${shown}: ${outcome.message}`);
    else {
      analysis.analysed++;
      analysis.findings.push(...outcome.findings);
      analysis.evidence.push(...outcome.evidence);
      for (const e of outcome.ruleErrors) note(`rule ${e.ruleId} failed on ${shown}: ${e.message}`);
    }
  }
  return analysis;
}

function write(text: string, output: string | undefined): void {
  if (output) fs.writeFileSync(output, text);
  else process.stdout.write(text);
}

async function scan(options: ScanOptions): Promise<number> {
  const { root, findings, analysed } = await analyse(options.paths, options.jobs, false);
  const report = buildReport(root, findings, analysed);
  write(render(report, options), options.output);
  const threshold = SEVERITY_RANK[options.failOn];
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

function renderScore(card: Scorecard, options: ScoreOptions): string {
  switch (options.format) {
    case 'json':
      return `${JSON.stringify(card, null, 2)}\n`;
    case 'markdown':
      return scorecardMarkdown(card);
    case 'text':
      return formatScoreText(card, !options.output && process.stdout.isTTY === true && !process.env.NO_COLOR);
  }
}

async function score(options: ScoreOptions): Promise<number> {
  const { root, files, findings, evidence } = await analyse(options.paths, options.jobs, true);
  const card = scorecard(findings, evidence, indexFiles(root, files.map((f) => f.absPath), readIfExists));
  write(renderScore(card, options), options.output);
  if (options.minScore === undefined) return 0;
  if (card.apps.length === 0) note('no app found to score (a folder with go.mod, package.json, requirements.txt, a Dockerfile or a Procfile)');
  const met = card.apps.length > 0 && card.apps.every((app) => app.score.passed >= options.minScore!);
  return met ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  try {
    const command = parseCommand(argv);
    if (command.kind === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (command.kind === 'version') {
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    return command.kind === 'score' ? await score(command.options) : await scan(command.options);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    note(`${error.message}\nRun 'twelve-factor --help' for usage.`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    note(`scan failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
