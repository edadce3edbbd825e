// Files that are not open get diagnostics from a background scan (twelveFactor.diagnostics.scope =
// workspace, the default), which respects .gitignore and files.exclude; scope `open` withdraws them.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'url';
import { LspClient } from './client';

const LEAKY = 'package main\n\nimport "database/sql"\n\nfunc open() { sql.Open("postgres", "postgres://app:s3cr3t@db.internal/app") }\n';

describe('background scan of the workspace', () => {
  let workspace: string;
  let client: LspClient;
  const uri = (rel: string): string => pathToFileURL(path.join(workspace, rel)).href;
  const latest = (rel: string): unknown[] | undefined => client.published(uri(rel)).at(-1)?.diagnostics;

  async function until(condition: () => boolean, what: string): Promise<void> {
    for (let waited = 0; !condition(); waited += 20) {
      if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-scan-'));
    fs.writeFileSync(path.join(workspace, 'go.mod'), 'module example.com/app\n\ngo 1.23\n');
    for (const rel of ['db.go', 'ignored/db.go', 'generated/db.go']) {
      fs.mkdirSync(path.dirname(path.join(workspace, rel)), { recursive: true });
      fs.writeFileSync(path.join(workspace, rel), LEAKY.replace('package main', `package ${rel.includes('/') ? rel.split('/')[0] : 'main'}`));
    }
    fs.writeFileSync(path.join(workspace, '.gitignore'), 'ignored/\n');
    client = LspClient.start();
    client.filesSettings = { exclude: { '**/generated': true } };
    await client.initialize(workspace);
  });

  after(() => {
    client.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('unopened files are reported; .gitignore and files.exclude are respected', async () => {
    await until(() => (latest('db.go')?.length ?? 0) > 0, 'diagnostics of the unopened db.go');
    assert.deepEqual((latest('db.go') as { code: string }[]).map((d) => d.code), ['config/credential-in-url']);
    assert.equal(client.published(uri('ignored/db.go')).length, 0, 'a gitignored file is not scanned');
    assert.equal(client.published(uri('generated/db.go')).length, 0, 'a files.exclude folder is not scanned');
  });

  test('an unopened file changed on disk is analysed again, alone, when the watcher reports it', async () => {
    const before = client.published(uri('db.go')).length;
    fs.writeFileSync(path.join(workspace, 'db.go'), 'package main\n\nfunc open() {}\n');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('db.go'), type: 2 }] });
    await until(() => client.published(uri('db.go')).length > before && latest('db.go')?.length === 0, 'db.go to be clean');
    fs.writeFileSync(path.join(workspace, 'db.go'), LEAKY);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('db.go'), type: 2 }] });
    await until(() => latest('db.go')?.length === 1, 'db.go to be flagged again');
  });

  test('scope "open" withdraws the background diagnostics', async () => {
    client.settings = { diagnostics: { scope: 'open' } };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await until(() => latest('db.go')?.length === 0, 'the scan diagnostics to be cleared');
  });
});
