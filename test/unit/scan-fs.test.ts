// The disk as a scan sees it: nothing changes during a scan, so texts are kept within a byte budget,
// and what has no text (a missing settings file looked for from every folder) stays known.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, test } from 'node:test';
import { ScanFileSystem } from '../../server/src/scan/scanFs';
import { tempTree } from '../helpers/engine';

const root = tempTree('twelve-factor-scanfs-', { 'a.go': 'package a // 0123456789', 'b.go': 'package b // 0123456789' });
after(() => fs.rmSync(root, { recursive: true, force: true }));

test('scan file system: texts are read once while within the budget, and read again once evicted', () => {
  const a = path.join(root, 'a.go');
  const scanFs = new ScanFileSystem({ maxTextBytes: 30 });
  const first = scanFs.readFile(a);
  fs.writeFileSync(a, 'package a // changed');
  assert.equal(scanFs.readFile(a), first, 'kept: read from memory');
  scanFs.readFile(path.join(root, 'b.go')); // over the budget: a.go, the oldest, is evicted
  assert.equal(scanFs.readFile(a), 'package a // changed');
});

test('scan file system: a missing file stays missing for the whole scan, whatever else is read', () => {
  const scanFs = new ScanFileSystem({ maxTextBytes: 30 });
  const settings = path.join(root, '.twelve-factor.yml');
  assert.equal(scanFs.readFile(settings), undefined);
  fs.writeFileSync(settings, 'rules: {}\n');
  // Texts beyond the budget come and go; the answer about the missing file does not.
  for (const name of ['a.go', 'b.go', 'a.go', 'b.go']) scanFs.readFile(path.join(root, name));
  assert.equal(scanFs.readFile(settings), undefined);
});
