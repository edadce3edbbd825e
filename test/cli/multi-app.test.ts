// CLI = server: on a workspace with a Go service, its Dockerfile, a compose file, a Procfile and a
// committed .env, `scan --format json` reports exactly what the language server publishes for each file.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { pathToFileURL } from 'url';
import { languageOf } from '../../server/src/engine';
import { REPO_ROOT } from '../helpers/engine';
import { LspClient, TextDocumentMirror } from '../lsp/client';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces', 'multi-app');

/** What the fixture is built to trigger, so an empty agreement cannot pass. */
const EXPECTED = [
  '.env:1:config/committed-env-file',
  'Procfile:1:build-release-run/build-at-runtime',
  'docker-compose.yml:3:dev-prod-parity/unpinned-service-image',
  'services/api/Dockerfile:1:build-release-run/single-stage-dockerfile',
  'services/api/Dockerfile:6:disposability/shell-form-entrypoint',
  'services/api/main.go:12:config/credential-in-url',
  'services/api/main.go:25:disposability/no-graceful-shutdown',
  'services/api/main.go:25:port-binding/hardcoded-port',
];

/** The languageId an editor gives each file. */
function languageIdOf(relativePath: string): string {
  const name = path.basename(relativePath);
  if (name.endsWith('.go')) return 'go';
  if (name === 'go.mod') return 'go.mod';
  if (name === 'go.sum') return 'go.sum';
  if (name === 'Dockerfile') return 'dockerfile';
  if (name === 'docker-compose.yml') return 'dockercompose';
  return 'plaintext';
}

/** Every file of the workspace, relative to it with forward slashes. */
function workspaceFiles(dir = WORKSPACE): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = path.join(dir, e.name);
    return e.isDirectory() ? workspaceFiles(abs) : [path.relative(WORKSPACE, abs).split(path.sep).join('/')];
  });
}

/** `path:line:ruleId` of every CLI finding, the path relative to the workspace. */
function cliFindings(): string[] {
  const run = spawnSync(process.execPath, [CLI, 'scan', WORKSPACE, '--format', 'json', '--fail-on', 'none'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { findings: { path: string; line: number; ruleId: string }[] };
  // Report paths are relative to the report root (the repository's, or the current folder): REPO_ROOT either way.
  return report.findings.map((f) => `${path.relative(WORKSPACE, path.resolve(REPO_ROOT, f.path)).split(path.sep).join('/')}:${f.line}:${f.ruleId}`).sort();
}

/** `path:line:ruleId` of every diagnostic the server publishes with every workspace file open. */
async function serverFindings(files: string[]): Promise<string[]> {
  const client = LspClient.start();
  try {
    await client.initialize(WORKSPACE);
    const docs = files.map((rel) => {
      const abs = path.join(WORKSPACE, rel);
      const doc = new TextDocumentMirror(client, pathToFileURL(abs).href, fs.readFileSync(abs, 'utf8'), languageIdOf(rel));
      doc.open();
      return { rel, doc };
    });
    const found: string[] = [];
    // The server analyses only the files it has a language for (go.sum, for one, it leaves alone).
    for (const { rel, doc } of docs.filter((d) => languageOf(d.rel) !== undefined)) {
      for (const d of await doc.diagnostics()) found.push(`${rel}:${d.range.start.line + 1}:${String(d.code)}`);
    }
    assert.equal(await client.shutdown(), 0);
    return found.sort();
  } finally {
    client.kill();
  }
}

test('cli = server: the multi-app workspace gets the same (path, line, rule) from both', async () => {
  const files = workspaceFiles();
  const fromCli = cliFindings();
  for (const expected of EXPECTED) assert.ok(fromCli.includes(expected), `CLI misses ${expected}: ${fromCli.join('\n')}`);
  for (const reported of new Set(fromCli.map((f) => f.split(':')[0]))) assert.ok(files.includes(reported), `CLI reported on ${reported}, outside the workspace`);
  assert.deepEqual(await serverFindings(files), fromCli);
});
