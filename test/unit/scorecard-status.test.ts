// The scorecard's decisions on hand-made inputs: which app a file counts for, each status, the
// score, and the Markdown form.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { appsOfPath, scorecard, scorecardMarkdown, type Evidence, type Finding, type ScoreIndex, type Severity } from '../../server/src/engine';

const ROOT = '/work/repo';
const RANGE = { start: { line: 2, character: 1 }, end: { line: 2, character: 9 } };

function finding(ruleId: string, factor: Finding['factor'], severity: Severity, file: string): Finding {
  return { ruleId, factor, severity, path: `${ROOT}/${file}`, range: RANGE, message: `${ruleId} | here` };
}

const INDEX: ScoreIndex = {
  root: ROOT,
  apps: [
    { root: 'api', name: 'api', languages: ['go', 'gomod'] },
    { root: 'tools/cron', name: 'cron', languages: ['procfile'] },
  ],
};

test('a file counts for the deepest app above it; a file above every app for the apps below its folder', () => {
  const roots = ['.', 'services/api', 'services/api/worker', 'web'];
  assert.deepEqual(appsOfPath(roots, 'services/api/worker/main.go'), ['services/api/worker']);
  assert.deepEqual(appsOfPath(roots, 'services/api/main.go'), ['services/api']);
  assert.deepEqual(appsOfPath(roots, 'README.md'), ['.']);
  assert.deepEqual(appsOfPath(['services/api', 'services/web', 'other/x'], 'services/compose.yml'), ['services/api', 'services/web']);
  assert.deepEqual(appsOfPath(['api'], '../elsewhere/go.sum'), []);
});

test('an error makes a factor fail, other findings warn, nothing found passes, no file to look at is not assessed', () => {
  const card = scorecard(
    [
      finding('config/hardcoded-secret', 'config', 'error', 'api/main.go'),
      finding('config/unchecked-required-env', 'config', 'warning', 'api/main.go'),
      finding('port-binding/hardcoded-port', 'port-binding', 'information', 'api/main.go'),
      // Engine rules judge directives and settings, not the app.
      finding('twelve-factor/unknown-rule', 'codebase', 'warning', 'api/main.go'),
    ],
    [],
    INDEX,
  );
  const api = card.apps[0];
  const status = (numeral: string): string => api.factors.find((f) => f.numeral === numeral)!.status;
  assert.equal(status('III'), 'fail');
  assert.equal(status('VII'), 'warn');
  assert.equal(status('I'), 'pass');
  assert.equal(status('V'), 'not-assessed', 'a Go app without a Dockerfile has nothing V looks at');
  assert.deepEqual(api.score.counts, { error: 1, warning: 1, information: 1 });
  assert.equal(api.score.assessed, 11);
  assert.equal(api.score.passed, 9);
  assert.equal(api.factors.find((f) => f.numeral === 'III')!.findings[0].location.path, 'api/main.go');
});

test('evidence counts for its app and makes its factor assessed', () => {
  const evidence: Evidence = {
    factor: 'config',
    kind: 'config-loader',
    description: 'config loaded',
    location: { path: `${ROOT}/tools/cron/config.go`, range: RANGE },
  };
  const cron = scorecard([], [evidence, evidence], INDEX).apps[1];
  const config = cron.factors.find((f) => f.factor === 'config')!;
  assert.equal(config.status, 'pass');
  assert.deepEqual(config.evidence.map((e) => e.location.path), ['tools/cron/config.go'], 'the same evidence twice is shown once');
  // A Procfile alone: VIII and XII can be judged, the code factors cannot.
  assert.equal(cron.factors.find((f) => f.factor === 'concurrency')!.status, 'pass');
  assert.equal(cron.factors.find((f) => f.factor === 'logs')!.status, 'not-assessed');
});

test('Markdown: a table of the twelve factors per app, then the findings and evidence, pipes escaped', () => {
  const md = scorecardMarkdown(scorecard([finding('config/hardcoded-secret', 'config', 'error', 'api/main.go')], [], INDEX));
  assert.match(md, /^# Twelve-Factor scorecard\n/);
  assert.match(md, /## api \(`api`\) — 10\/11 factors pass/);
  assert.match(md, /\| \[III\. Config\]\(https:\/\/12factor\.net\/config\) \| ❌ fail \| 1 \| 0 \|/);
  assert.match(md, /\| \[V\. Build, release, run\]\(https:\/\/12factor\.net\/build-release-run\) \| ➖ not assessed \| 0 \| 0 \|/);
  assert.match(md, /- \*\*error\*\* `api\/main\.go:3` config\/hardcoded-secret \\\| here \(`config\/hardcoded-secret`\)/);
  assert.equal(md.match(/^\| \[/gm)?.length, 24, 'twelve rows per app');
  assert.match(scorecardMarkdown({ root: ROOT, apps: [] }), /No app found/);
});
