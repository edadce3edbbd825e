// The per-factor scorecard through the extension's command (the data the view, the status bar and the
// report show), for the sample app as it is on disk.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { scorecardNow, statusesOf, waitFor } from './helpers';

/** What `twelve-factor score examples/go-service` reports, outside git as the suite's copy is. */
const SAMPLE_STATUSES = {
  I: 'warn', II: 'pass', III: 'fail', IV: 'pass', V: 'not-assessed', VI: 'warn',
  VII: 'warn', VIII: 'warn', IX: 'warn', X: 'pass', XI: 'warn', XII: 'pass',
};

const SAMPLE_FINDINGS = [
  'I codebase/no-version-control go.mod:1',
  'III config/credential-in-url main.go:20',
  'III config/hardcoded-secret handlers.go:25',
  'III config/unchecked-required-env main.go:28',
  'IX disposability/no-graceful-shutdown main.go:37',
  'VI processes/in-memory-session handlers.go:28',
  'VII port-binding/hardcoded-port main.go:37',
  'VIII concurrency/no-process-model go.mod:1',
  'XI logs/writes-log-file main.go:13',
];

describe('scorecard', () => {
  it('the scorecard command returns the expected status per factor, findings and score for the sample app', async () => {
    const scorecard = await waitFor('the scorecard of the sample app', async () => {
      const now = await scorecardNow();
      return now?.apps.length === 1 ? now : undefined;
    }, 30_000);
    assert.equal(vscode.Uri.file(scorecard.root).toString(), vscode.workspace.workspaceFolders?.[0].uri.toString());
    const [app] = scorecard.apps;
    assert.deepEqual([app.root, app.name], ['.', 'go-service']);
    assert.deepEqual(statusesOf(scorecard), SAMPLE_STATUSES);
    assert.deepEqual(app.factors.map((f) => `${f.numeral}. ${f.title}`).slice(0, 3), ['I. Codebase', 'II. Dependencies', 'III. Config']);
    const findings = app.factors.flatMap((f) => f.findings.map((x) => `${f.numeral} ${x.ruleId} ${x.location.path}:${x.location.range.start.line + 1}`));
    assert.deepEqual(findings.sort(), SAMPLE_FINDINGS);
    assert.deepEqual(app.score, { passed: 4, assessed: 11, counts: { error: 2, warning: 7, information: 0 } });
  });
});
