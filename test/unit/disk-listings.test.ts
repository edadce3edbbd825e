// The editor's disk view keeps folder listings while the folder's mtime says nothing was added or
// removed: rules list the same folders at every keystroke. A listing must never miss a change.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { test } from 'node:test';
import { DiskFileSystem } from '../../server/src/diskFs';

test('a folder listing sees files added and removed, also right after it was read', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-listing-'));
  const disk = new DiskFileSystem({ keepListings: true });
  fs.writeFileSync(path.join(dir, 'main.go'), 'package main\n');
  assert.deepEqual(disk.listDir(dir), ['main.go']);
  // Within the same clock tick as the listing before it.
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module x\n');
  fs.mkdirSync(path.join(dir, 'cmd'));
  assert.deepEqual(disk.listDir(dir)?.sort(), ['cmd/', 'go.mod', 'main.go']);
  fs.rmSync(path.join(dir, 'go.mod'));
  assert.deepEqual(disk.listDir(dir)?.sort(), ['cmd/', 'main.go']);
  assert.equal(disk.listDir(path.join(dir, 'missing')), undefined);
});

test('a settled folder is listed from memory until its mtime changes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-listing-'));
  fs.writeFileSync(path.join(dir, 'main.go'), 'package main\n');
  const settled = new Date(Date.now() - 60_000);
  fs.utimesSync(dir, settled, settled);
  const disk = new DiskFileSystem({ keepListings: true });
  assert.deepEqual(disk.listDir(dir), ['main.go']);
  // A file slipped in with the folder's mtime put back: only a cached listing misses it.
  fs.writeFileSync(path.join(dir, 'Procfile'), 'web: ./app\n');
  fs.utimesSync(dir, settled, settled);
  assert.deepEqual(disk.listDir(dir), ['main.go']);
  // Callers get their own array.
  disk.listDir(dir)?.push('x');
  assert.deepEqual(disk.listDir(dir), ['main.go']);
  // A real change moves the mtime; invalidate() forgets everything.
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module x\n');
  assert.deepEqual(disk.listDir(dir)?.sort(), ['Procfile', 'go.mod', 'main.go']);
  fs.rmSync(path.join(dir, 'go.mod'));
  fs.utimesSync(dir, settled, settled);
  disk.invalidate();
  assert.deepEqual(disk.listDir(dir)?.sort(), ['Procfile', 'main.go']);
});
