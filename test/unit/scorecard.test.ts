// The scorecard over fixture apps: per factor a status (fail / warn / pass / not-assessed), the
// findings and the evidence behind it, and a score per app.
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { test } from 'node:test';
import type { AppScorecard, FactorSlug, FactorStatus } from '../../server/src/engine';
import { FIXTURES, REPO_ROOT } from '../helpers/engine';
import { scorecardOf } from '../helpers/scorecard';

const SCORECARD_FIXTURES = path.join(FIXTURES, 'scorecard');

function statuses(app: AppScorecard): Record<string, FactorStatus> {
  return Object.fromEntries(app.factors.map((f) => [f.numeral, f.status]));
}

function evidenceKinds(app: AppScorecard, factor: FactorSlug): string[] {
  return app.factors.find((f) => f.factor === factor)!.evidence.map((e) => e.kind).sort();
}

test('a compliant Go service passes every factor, each with the evidence of what it does right', async () => {
  const card = await scorecardOf(path.join(SCORECARD_FIXTURES, 'compliant'));
  assert.equal(card.apps.length, 1);
  const [app] = card.apps;
  assert.equal(app.root, '.');
  assert.equal(app.name, 'orders');
  assert.deepEqual(app.score, { passed: 12, assessed: 12, counts: { error: 0, warning: 0, information: 0 } });
  assert.deepEqual(app.factors.map((f) => f.numeral), ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII']);
  const expected: [FactorSlug, string[]][] = [
    ['codebase', ['git-work-tree']],
    ['dependencies', ['lockfile']],
    ['config', ['config-loader']],
    ['backing-services', ['backing-service-from-config']],
    ['build-release-run', ['multi-stage-dockerfile']],
    ['processes', []],
    ['port-binding', ['port-from-env']],
    ['concurrency', ['process-types', 'process-types']],
    ['disposability', ['graceful-shutdown']],
    ['dev-prod-parity', ['pinned-service-images']],
    ['logs', ['structured-logs']],
    ['admin-processes', ['admin-subcommand', 'release-process']],
  ];
  for (const [factor, kinds] of expected) assert.deepEqual(evidenceKinds(app, factor), kinds, factor);
  const where = (kind: string): string => {
    const e = app.factors.flatMap((f) => f.evidence).find((x) => x.kind === kind)!;
    return `${e.location.path}:${e.location.range.start.line + 1}`;
  };
  assert.equal(where('config-loader'), 'config.go:15');
  assert.equal(where('lockfile'), 'go.sum:1');
  assert.equal(where('graceful-shutdown'), 'main.go:33');
  assert.equal(where('structured-logs'), 'main.go:20');
  assert.equal(where('multi-stage-dockerfile'), 'Dockerfile:8');
  assert.equal(where('release-process'), 'Procfile:3');
  assert.equal(where('admin-subcommand'), 'main.go:41');
  assert.match(app.factors[2].evidence[0].description, /LoadConfig \(DATABASE_URL, PORT\)/);
});

test('the non-compliant sample app fails Config, warns where it breaks a factor, and leaves V unassessed without a Dockerfile', async () => {
  const card = await scorecardOf(path.join(REPO_ROOT, 'examples', 'go-service'));
  const [app] = card.apps;
  assert.equal(app.name, 'go-service');
  assert.deepEqual(statuses(app), {
    I: 'pass', II: 'pass', III: 'fail', IV: 'pass', V: 'not-assessed', VI: 'warn',
    VII: 'warn', VIII: 'warn', IX: 'warn', X: 'pass', XI: 'warn', XII: 'pass',
  });
  assert.deepEqual(app.score, { passed: 5, assessed: 11, counts: { error: 2, warning: 6, information: 0 } });
  const config = app.factors.find((f) => f.factor === 'config')!;
  assert.deepEqual(config.findings.map((f) => `${f.location.path}:${f.location.range.start.line + 1} ${f.severity} ${f.ruleId}`), [
    'handlers.go:25 error config/hardcoded-secret',
    'main.go:20 error config/credential-in-url',
    'main.go:28 warning config/unchecked-required-env',
  ]);
  // Nothing it does right beyond being in git: no evidence is invented.
  assert.deepEqual(app.factors.flatMap((f) => f.evidence.map((e) => e.kind)), ['git-work-tree']);
});

test('a monorepo gets a card per app; files above the apps are shared by them', async () => {
  const card = await scorecardOf(path.join(SCORECARD_FIXTURES, 'monorepo'));
  assert.deepEqual(card.apps.map((a) => [a.root, a.name]), [['services/api', 'api'], ['services/web', 'shop-web']]);
  const [api, web] = card.apps;
  assert.equal(statuses(api).II, 'warn');
  assert.equal(statuses(api).VII, 'warn');
  assert.equal(statuses(api).V, 'pass');
  assert.deepEqual(evidenceKinds(api, 'build-release-run'), ['multi-stage-dockerfile']);
  // The Go findings stay with the Go app; the Node app has no file the port or shutdown rules read.
  assert.deepEqual(web.score.counts, { error: 0, warning: 0, information: 0 });
  assert.equal(statuses(web).VII, 'not-assessed');
  assert.equal(statuses(web).IX, 'not-assessed');
  assert.equal(statuses(web).V, 'pass');
  // The root compose file declares both apps' process types and pins the cache for both.
  for (const app of [api, web]) {
    assert.deepEqual(evidenceKinds(app, 'concurrency'), ['process-types']);
    assert.deepEqual(evidenceKinds(app, 'dev-prod-parity'), ['pinned-service-images']);
    assert.equal(app.factors.find((f) => f.factor === 'concurrency')!.evidence[0].location.path, 'docker-compose.yml');
  }
});
