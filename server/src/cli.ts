#!/usr/bin/env node
// `twelve-factor scan`: the engine the language server runs, over a tree on disk, for CI.
import * as fs from 'fs';
import * as path from 'path';
import { gitWorkTreeRoot, MAX_FILE_BYTES } from './diskFs';
import { ALL_RULE_METAS, type Finding } from './engine';
import { parseCommand, USAGE, UsageError, type FailOn, type ScanOptions } from './scan/args';
import { formatJson } from './scan/formats/json';
import { formatSarif } from './scan/formats/sarif';
import { formatText } from './scan/formats/text';
import { buildReport, relativePath, type Report } from './scan/report';
import { analyzeFiles } from './scan/run';
import { walk } from './scan/walker';

const SEVERITY_RANK: Record<FailOn, number> = { information: 1, warning: 2, error: 3, none: Infinity };

const SKIP_REASONS = {
  binary: 'binary file',
  'too-large': `larger than ${MAX_FILE_BYTES / (1024 * 1024)} MB`,
  unreadable: 'could not be read',
};

function version(): string {
  // The bundle lives in dist/, next to the package's package.json.
  return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

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
      return formatSarif(report, { version: version(), rules: ALL_RULE_METAS });
    case 'text':
      return formatText(report, !options.output && process.stdout.isTTY === true && !process.env.NO_COLOR);
  }
}

async function scan(options: ScanOptions): Promise<number> {
  const targets = resolveTargets(options.paths);
  const root = reportRoot(targets, fs.realpathSync(process.cwd()));
  const files = walk(targets, (absPath, reason) => note(`skipped ${relativePath(root, absPath)}: ${reason}`));
  const outcomes = await analyzeFiles(files, { jobs: options.jobs, bundleDir: __dirname });
  const findings: Finding[] = [];
  let analysed = 0;
  for (const outcome of outcomes) {
    const shown = relativePath(root, outcome.absPath);
    if (outcome.kind === 'skipped') note(`skipped ${shown}: ${SKIP_REASONS[outcome.reason]}`);
    else if (outcome.kind === 'failed') note(`could not analyse ${shown}: ${outcome.message}`);
    else {
      analysed++;
      findings.push(...outcome.findings);
      for (const e of outcome.ruleErrors) note(`rule ${e.ruleId} failed on ${shown}: ${e.message}`);
    }
  }
  const report = buildReport(root, findings, analysed);
  const text = render(report, options);
  if (options.output) fs.writeFileSync(options.output, text);
  else process.stdout.write(text);
  const threshold = SEVERITY_RANK[options.failOn];
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  try {
    const command = parseCommand(argv);
    if (command.kind === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (command.kind === 'version') {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    return await scan(command.options);
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
