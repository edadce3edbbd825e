// `twelve-factor score`, the built CLI: each format, the exit code under --min-score, usage errors.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'path';
import { test } from 'node:test';
import type { Scorecard } from '../../server/src/engine';
import { FIXTURES, REPO_ROOT } from '../helpers/engine';
import { scorecardOf } from '../helpers/scorecard';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const COMPLIANT = path.join(FIXTURES, 'scorecard', 'compliant');
const MONOREPO = path.join(FIXTURES, 'scorecard', 'monorepo');
const SAMPLE = path.join(REPO_ROOT, 'examples', 'go-service');

function score(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, 'score', ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('score: text is a table of the twelve factors per app under a heading with the score', () => {
  const run = score([SAMPLE]);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'go-service (examples/go-service)  5/11 factors pass · 2 errors, 6 warnings, 0 information');
  assert.equal(lines.length, 13);
  assert.match(lines[3], /^ {2}III {3}Config +fail +3 findings$/);
  assert.match(lines[5], /^ {2}V {5}Build, release, run +not-assessed$/);
  assert.doesNotMatch(run.stdout, /\x1b\[/, 'no colour off a TTY');
});

test('score: json is the Scorecard the engine computes, the same data the editor shows', async () => {
  const run = score([MONOREPO, '--format', 'json']);
  assert.equal(run.code, 0, run.stderr);
  const card = JSON.parse(run.stdout) as Scorecard;
  assert.equal(card.root, REPO_ROOT, 'paths start at the git work tree, as scan reports them');
  assert.deepEqual(card.apps.map((a) => a.name), ['api', 'shop-web']);
  // Computed in this process from the monorepo folder itself: the same statuses and findings.
  const direct = await scorecardOf(MONOREPO);
  const summary = (c: Scorecard): string[] => c.apps.flatMap((a) => a.factors.map((f) => `${a.name} ${f.numeral} ${f.status} ${f.findings.map((x) => x.ruleId).join(',')}`));
  assert.deepEqual(summary(card), summary(direct));
});

test('score: markdown is the engine\'s Markdown, with a table row per factor', () => {
  const run = score([COMPLIANT, '--format', 'markdown']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^# Twelve-Factor scorecard\n\n## orders \(`test\/fixtures\/scorecard\/compliant`\) — 12\/12 factors pass/);
  assert.equal(run.stdout.match(/^\| \[[IVX]+\. /gm)?.length, 12);
  assert.match(run.stdout, /- ✔ `test\/fixtures\/scorecard\/compliant\/config\.go:15` config loaded from the environment in LoadConfig/);
});

test('score: --min-score fails the run when an app passes fewer factors', () => {
  assert.equal(score([COMPLIANT, '--min-score', '12']).code, 0);
  assert.equal(score([SAMPLE, '--min-score', '5']).code, 0);
  assert.equal(score([SAMPLE, '--min-score', '6']).code, 1);
  // Every app must meet it: the monorepo's web app passes only the six factors it can be judged on.
  assert.equal(score([MONOREPO, '--min-score', '7']).code, 1);
  const none = score([path.join(FIXTURES, 'scorecard', 'compliant', 'config.go'), '--min-score', '0']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no app found/);
});

test('score: usage errors exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['--format', 'sarif'], /invalid value 'sarif' for --format/],
    [['--min-score', '13'], /invalid value '13' for --min-score/],
    [['--min-score', 'high'], /invalid value 'high' for --min-score/],
    [['--fail-on', 'error'], /'--fail-on' is for scan/],
  ];
  for (const [args, message] of cases) {
    const run = score(args);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
  }
  const scan = spawnSync(process.execPath, [CLI, 'scan', '--min-score', '3'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(scan.status, 2);
  assert.match(scan.stderr, /'--min-score' is for score/);
});
