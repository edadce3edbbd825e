// Files the analysed document depends on change on disk (a go.sum appears, .gitignore learns .env):
// on workspace/didChangeWatchedFiles the server analyses the open documents again, nothing reopened.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'url';
import type { Diagnostic } from 'vscode-languageserver';
import { LspClient, TextDocumentMirror } from './client';

/** LSP FileChangeType. */
const CREATED = 1;
const CHANGED = 2;

const GO_MOD = `module example.com/lockless

go 1.22

require github.com/lib/pq v1.10.9
`;
const GO_SUM = `github.com/lib/pq v1.10.9 h1:YXG7RB+JIjhP29X+OtkiDnYaXQwpS4JEWq7dtCCRUEw=
github.com/lib/pq v1.10.9/go.mod h1:AlVN5x4E4T544tWzH6hKfbfQvm3HdbOxrmggDNAPY9o=
`;
const DOTENV = 'API_URL=https://api.internal\n';

function codes(diagnostics: Diagnostic[]): unknown[] {
  return diagnostics.map((d) => d.code);
}

describe('cross-file updates on watched-file events', () => {
  let workspace: string;
  let client: LspClient;

  function open(relativePath: string, text: string, languageId: string): TextDocumentMirror {
    const file = path.join(workspace, relativePath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    const doc = new TextDocumentMirror(client, pathToFileURL(file).href, text, languageId);
    doc.open();
    return doc;
  }

  /** Tells the server about files changed on disk; resolves with the next diagnostics of `doc` published after it. */
  async function afterWatchedFilesChange(doc: TextDocumentMirror, changes: { file: string; type: number }[]): Promise<Diagnostic[]> {
    const mark = client.notifications.length;
    client.notify('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: pathToFileURL(c.file).href, type: c.type })) });
    return (await client.diagnostics(doc.uri, doc.version, { after: mark })).diagnostics;
  }

  before(async () => {
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-cross-file-')));
    ({ client } = await LspClient.startIn(workspace));
  });

  after(() => {
    client.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('a go.sum created next to an open go.mod clears dependencies/missing-lockfile', async () => {
    const doc = open('lockless/go.mod', GO_MOD, 'go.mod');
    assert.deepEqual(codes(await doc.diagnostics()), ['dependencies/missing-lockfile']);
    const goSum = path.join(workspace, 'lockless', 'go.sum');
    fs.writeFileSync(goSum, GO_SUM);
    assert.deepEqual(await afterWatchedFilesChange(doc, [{ file: goSum, type: CREATED }]), []);
  });

  test('.env added to .gitignore on disk clears config/committed-env-file of the open .env', async () => {
    const repo = path.join(workspace, 'repo');
    fs.mkdirSync(repo);
    const init = spawnSync('git', ['init', '-q'], { cwd: repo, encoding: 'utf8' });
    assert.equal(init.status, 0, init.stderr);
    const gitignore = path.join(repo, '.gitignore');
    fs.writeFileSync(gitignore, 'bin/\n');
    const doc = open('repo/.env', DOTENV, 'plaintext');
    assert.deepEqual(codes(await doc.diagnostics()), ['config/committed-env-file']);
    fs.appendFileSync(gitignore, '.env\n');
    assert.deepEqual(await afterWatchedFilesChange(doc, [{ file: gitignore, type: CHANGED }]), []);
  });
});
