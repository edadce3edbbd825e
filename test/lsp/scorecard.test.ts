// The scorecard over LSP: the `twelveFactor/scorecard` request answers for the workspace (or one
// folder), and `twelveFactor/scorecardChanged` follows edits and changes on disk.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'url';
import { EXPORT_SARIF_REQUEST, RESCAN_REQUEST, SCORECARD_CHANGED_NOTIFICATION, SCORECARD_REQUEST, type FactorScore, type Scorecard, type ScorecardParams } from '../../server/src/protocol';
import { FIXTURES } from '../helpers/engine';
import { LspClient, TextDocumentMirror } from './client';

/** LSP FileChangeType. */
const DELETED = 3;
/** No scorecardChanged for this long: the background scan and the first request have settled. */
const QUIET_MS = 800;

describe('scorecard over LSP', () => {
  let workspace: string;
  let client: LspClient;

  const scorecard = (params: ScorecardParams = {}): Promise<Scorecard> => client.request<Scorecard>(SCORECARD_REQUEST, params);
  const factor = (card: Scorecard, app: string, numeral: string): FactorScore => card.apps.find((a) => a.root === app)!.factors.find((f) => f.numeral === numeral)!;

  async function quiet(): Promise<void> {
    for (;;) {
      const mark = client.notifications.length;
      try {
        await client.waitForNotification(SCORECARD_CHANGED_NOTIFICATION, () => true, { after: mark, timeoutMs: QUIET_MS });
      } catch {
        return;
      }
    }
  }

  before(async () => {
    // The compliant service and a second app, in a git work tree of their own.
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-scorecard-')));
    fs.cpSync(path.join(FIXTURES, 'scorecard', 'compliant'), path.join(workspace, 'orders'), { recursive: true });
    fs.mkdirSync(path.join(workspace, 'web'));
    fs.writeFileSync(path.join(workspace, 'web', 'package.json'), '{ "name": "web", "version": "1.0.0" }\n');
    assert.equal(spawnSync('git', ['init', '-q'], { cwd: workspace }).status, 0);
    ({ client } = await LspClient.startIn(workspace));
  });

  after(() => {
    client.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('the request answers with a card per app of the workspace, or of the folder asked for', async () => {
    const card = await scorecard();
    assert.equal(card.root, workspace);
    assert.deepEqual(card.apps.map((a) => [a.root, a.name]), [['orders', 'orders'], ['web', 'web']]);
    const orders = card.apps[0];
    assert.deepEqual(orders.score, { passed: 12, assessed: 12, counts: { error: 0, warning: 0, information: 0 } });
    assert.deepEqual(factor(card, 'orders', 'IX').evidence.map((e) => [e.kind, e.location.path]), [['graceful-shutdown', 'orders/main.go']]);
    const one = await scorecard({ root: pathToFileURL(path.join(workspace, 'web')).href });
    assert.equal(one.root, path.join(workspace, 'web'));
    assert.deepEqual(one.apps.map((a) => a.root), ['.']);
  });

  test('an edit that hardcodes the port: scorecardChanged, then VII warns and its evidence is gone', async () => {
    await scorecard();
    await quiet();
    const file = path.join(workspace, 'orders', 'main.go');
    const doc = TextDocumentMirror.forFile(client, file, fs.readFileSync(file, 'utf8'));
    doc.open();
    const start = doc.text.indexOf('":" + cfg.Port');
    const mark = client.notifications.length;
    doc.edit(start, start + '":" + cfg.Port'.length, '":8080"');
    await client.waitForNotification(SCORECARD_CHANGED_NOTIFICATION, () => true, { after: mark });
    const card = await scorecard();
    const vii = factor(card, 'orders', 'VII');
    assert.equal(vii.status, 'warn');
    assert.deepEqual(vii.findings.map((f) => [f.ruleId, f.location.path, f.location.range.start.line]), [['port-binding/hardcoded-port', 'orders/main.go', doc.positionAt(start).line]]);
    // The config loader still reads PORT: that evidence stays, on config.go.
    assert.deepEqual(vii.evidence.map((e) => e.location.path), ['orders/config.go']);
    // Undone: the factor passes again.
    const undo = client.notifications.length;
    doc.edit(start, start + '":8080"'.length, '":" + cfg.Port');
    await client.waitForNotification(SCORECARD_CHANGED_NOTIFICATION, () => true, { after: undo });
    assert.equal(factor(await scorecard(), 'orders', 'VII').status, 'pass');
    doc.close();
  });

  test('a go.sum deleted on disk: scorecardChanged, the lockfile evidence goes and II warns', async () => {
    await scorecard();
    await quiet();
    const goSum = path.join(workspace, 'orders', 'go.sum');
    fs.rmSync(goSum);
    const mark = client.notifications.length;
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(goSum).href, type: DELETED }] });
    await client.waitForNotification(SCORECARD_CHANGED_NOTIFICATION, () => true, { after: mark });
    const ii = factor(await scorecard(), 'orders', 'II');
    assert.equal(ii.status, 'warn');
    assert.deepEqual(ii.evidence, []);
    assert.deepEqual(ii.findings.map((f) => f.ruleId), ['dependencies/missing-lockfile']);
  });

  test('a file changed on disk with no file event: the rescan request reads it again', async () => {
    await scorecard();
    await quiet();
    const handler = path.join(workspace, 'orders', 'rescan.go');
    fs.writeFileSync(handler, 'package main\n\nimport "net/http"\n\nfunc serveAdmin(addr string) error { return http.ListenAndServe(addr, nil) }\n');
    try {
      await client.request(RESCAN_REQUEST, null);
      fs.writeFileSync(handler, 'package main\n\nimport "net/http"\n\nfunc serveAdmin() error { return http.ListenAndServe(":9090", nil) }\n');
      assert.equal(factor(await scorecard(), 'orders', 'VII').status, 'pass', 'unseen until a rescan or a file event');
      const mark = client.notifications.length;
      await client.request(RESCAN_REQUEST, null);
      await client.waitForNotification(SCORECARD_CHANGED_NOTIFICATION, () => true, { after: mark });
      const vii = factor(await scorecard(), 'orders', 'VII');
      assert.deepEqual(vii.findings.map((f) => [f.ruleId, f.location.path]), [['port-binding/hardcoded-port', 'orders/rescan.go']]);
    } finally {
      fs.rmSync(handler);
      await client.request(RESCAN_REQUEST, null);
    }
  });

  test('exportSarif answers with the SARIF log of the workspace, paths relative to it', async () => {
    const file = path.join(workspace, 'orders', 'main.go');
    const doc = TextDocumentMirror.forFile(client, file, fs.readFileSync(file, 'utf8'));
    doc.open();
    const start = doc.text.indexOf('":" + cfg.Port');
    doc.edit(start, start + '":" + cfg.Port'.length, '":8080"');
    try {
      const sarif = await client.request<{ version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }>(
        EXPORT_SARIF_REQUEST,
        {},
      );
      assert.equal(sarif.version, '2.1.0');
      const results = sarif.runs[0].results.map((r) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri]);
      assert.ok(results.some(([id, uri]) => id === 'port-binding/hardcoded-port' && uri === 'orders/main.go'), JSON.stringify(results));
      assert.ok(sarif.runs[0].tool.driver.rules.some((r) => r.id === 'port-binding/hardcoded-port'));
    } finally {
      doc.edit(start, start + '":8080"'.length, '":" + cfg.Port');
      doc.close();
    }
  });
});
