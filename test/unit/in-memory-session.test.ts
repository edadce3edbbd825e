// Severities and messages of processes/in-memory-session, which the fixture runner does not check.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { Engine } from '../../server/src/engine';
import { DiskFileSystem } from '../../server/src/diskFs';
import { FIXTURES, testEngine } from '../helpers/engine';

const RULE = 'processes/in-memory-session';
const FIXTURE = path.join(FIXTURES, 'go', 'processes', 'in-memory-session');

async function findings(relative: string, engine?: Engine, text?: string): Promise<{ line: string; severity: string; message: string }[]> {
  engine ??= await testEngine();
  const file = path.join(FIXTURE, relative);
  const source = text ?? fs.readFileSync(file, 'utf8');
  const lines = source.split('\n');
  return engine
    .analyze({ path: file, text: source, relativePath: relative })
    .filter((f) => f.ruleId === RULE)
    .map((f) => ({ line: lines[f.range.start.line].slice(f.range.start.character, f.range.end.character), severity: f.severity, message: f.message }));
}

test('in-memory-session: caches filled from handlers are information, other state a warning', async () => {
  const found = await findings('gin-cache/main.go');
  assert.deepEqual(
    found.map((f) => [f.line, f.severity]),
    [
      ['titleCache', 'information'],
      ['products', 'information'],
      ['carts', 'warning'],
    ],
  );
  assert.match(found[0].message, /a pure memo is fine/);
  assert.match(found[2].message, /^VI Processes: request state is kept in process memory \(carts\); store it in a backing service/);
});

test('in-memory-session: sessions get the sessions message, on the declaration', async () => {
  const [sessions] = await findings('sessions-across-files/store.go');
  assert.deepEqual(sessions, {
    line: 'sessions',
    severity: 'warning',
    message: 'VI Processes: sessions are kept in process memory (sessions); store them in a backing service such as Redis so any process can serve the next request',
  });
});

test("in-memory-session: the editor's unsaved text of the file is what is judged", async () => {
  const file = path.join(FIXTURE, 'cli-tool', 'main.go');
  const onDisk = fs.readFileSync(file, 'utf8');
  const withHandler = onDisk.replace('"sort"', '"net/http"\n\t"sort"') + '\nfunc count(w http.ResponseWriter, r *http.Request) {\n\tadd(r.URL.Path)\n}\n';
  // As the language server does: the open document's text lies over the disk.
  const fileSystem = new DiskFileSystem();
  fileSystem.overlay.set(file, withHandler);
  const engine = await Engine.create({ fs: fileSystem });
  assert.deepEqual(
    (await findings('cli-tool/main.go', engine, withHandler)).map((f) => f.line),
    ['counts', 'order'],
  );
});
