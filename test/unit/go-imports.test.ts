import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { ensureImports } from '../../server/src/engine/fixes/go/imports';
import { applyEdits } from '../helpers/fixes';
import { testEngine } from '../helpers/engine';

async function withImports(text: string, wanted: string[]): Promise<{ text: string; qualifiers: Map<string, string> }> {
  const engine = await testEngine();
  const file = engine.workspace.file(path.join('/virtual', `imports-${Math.random()}.go`), text);
  const plan = ensureImports(file, wanted);
  return { text: applyEdits(text, plan.edits), qualifiers: plan.qualifiers };
}

test('adds paths into the first group in sorted order, leaving later groups alone', async () => {
  const src = 'package main\n\nimport (\n\t"fmt"\n\t"os"\n\n\t"example.com/x"\n)\n';
  const out = await withImports(src, ['os/signal', 'context', 'syscall', 'time']);
  assert.equal(out.text, 'package main\n\nimport (\n\t"context"\n\t"fmt"\n\t"os"\n\t"os/signal"\n\t"syscall"\n\t"time"\n\n\t"example.com/x"\n)\n');
});

test('reuses an existing import under its alias and adds nothing', async () => {
  const src = 'package main\n\nimport (\n\tsig "os/signal"\n)\n';
  const out = await withImports(src, ['os/signal']);
  assert.equal(out.text, src);
  assert.equal(out.qualifiers.get('os/signal'), 'sig');
});

test('turns a single import into a sorted group', async () => {
  const out = await withImports('package main\n\nimport "os"\n\nfunc main() {}\n', ['context', 'time']);
  assert.equal(out.text, 'package main\n\nimport (\n\t"context"\n\t"os"\n\t"time"\n)\n\nfunc main() {}\n');
});

test('adds an import declaration after the package clause when there is none', async () => {
  const out = await withImports('package main\n\nfunc main() {}\n', ['os']);
  assert.equal(out.text, 'package main\n\nimport "os"\n\nfunc main() {}\n');
  assert.equal(out.qualifiers.get('os'), 'os');
});

test('aliases a path whose name another import already has', async () => {
  const src = 'package main\n\nimport (\n\t"os"\n\n\t"example.com/app/cmp"\n)\n';
  const out = await withImports(src, ['cmp']);
  assert.equal(out.text, 'package main\n\nimport (\n\tstdcmp "cmp"\n\t"os"\n\n\t"example.com/app/cmp"\n)\n');
  assert.equal(out.qualifiers.get('cmp'), 'stdcmp');
});
