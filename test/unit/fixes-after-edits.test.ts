// Code actions on a document the user has been editing: its tree is then read through the engine's
// mirror (updated edit by edit), and every fix, refactor and suppression must come out exactly as on a
// fresh parse of the same text.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { Engine } from '../../server/src/engine';
import { DiskFileSystem } from '../../server/src/diskFs';
import { MirrorNode } from '../../server/src/engine/languages/tree-mirror';
import { FIXTURES, REPO_ROOT } from '../helpers/engine';

function goFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'expected' ? [] : goFiles(p);
    return e.name.endsWith('.go') ? [p] : [];
  });
}

const files = [...goFiles(path.join(FIXTURES, 'fixes')), ...goFiles(path.join(REPO_ROOT, 'examples', 'go-service'))];

/** Every action offered on the file: per finding, and the refactors at each finding's range. */
function actionsOf(engine: Engine, file: string, text: string): string {
  const input = { path: file, text };
  const findings = engine.analyze(input);
  return JSON.stringify(findings.map((f) => [f.ruleId, engine.codeActions(input, [f], f.range)]));
}

test('fixes on an edited document equal fixes on a fresh parse', async () => {
  const fresh = await Engine.create({ fs: new DiskFileSystem() });
  const edited = await Engine.create({ fs: new DiskFileSystem() });
  let withActions = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    // Typing then deleting a line in the middle of the file, and again at the top: the edited engine
    // now reads this text through its mirror. (Through the store: a file no rule's text hint accepts
    // is not parsed by `analyze`.)
    const middle = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
    edited.workspace.file(file, text);
    edited.workspace.file(file, `${text.slice(0, middle)}\tx := 1\n${text.slice(middle)}`);
    edited.workspace.file(file, `// typed\n${text}`);
    assert.ok(edited.workspace.file(file, text).root instanceof MirrorNode, 'the edited engine reads a mirror');
    const expected = actionsOf(fresh, file, text);
    assert.equal(actionsOf(edited, file, text), expected, path.relative(REPO_ROOT, file));
    if (expected !== '[]') withActions++;
  }
  assert.ok(withActions > 30, `fixture files with actions: ${withActions}`);
});
