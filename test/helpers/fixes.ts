// Applying a fix the way an editor would, and proving the result: the finding is gone, nothing new is
// flagged, and for Go the fixed module still builds, vets and is gofmt-clean.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { FileChange, TextEdit } from '../../server/src/engine';
import { applyTextEdits } from '../../server/src/engine/fixes/text-diff';
import { TextIndex } from '../../server/src/engine/languages/documents';

export const GO = process.env.GO ?? '/usr/lib/go-1.23/bin/go';
const GOFMT = path.join(path.dirname(GO), 'gofmt');

/**
 * `text` with the edits applied as an editor applies them (the engine's own `applyTextEdits`); edits that
 * overlap are a broken fix, so they fail the test.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new TextIndex(text);
  const spans = edits.map((e) => ({ start: index.offset(e.range.start), end: index.offset(e.range.end) })).sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].start < spans[i - 1].end) throw new Error('overlapping edits');
  }
  return applyTextEdits(text, edits);
}

/** Applies changes to the files on disk (creating new ones); returns the paths written. */
export function applyChanges(changes: readonly FileChange[]): string[] {
  const written: string[] = [];
  for (const change of changes) {
    if (change.kind === 'create') {
      if (fs.existsSync(change.path)) throw new Error(`fix would overwrite ${change.path}`);
      fs.mkdirSync(path.dirname(change.path), { recursive: true });
      fs.writeFileSync(change.path, change.text);
    } else {
      fs.writeFileSync(change.path, applyEdits(fs.readFileSync(change.path, 'utf8'), change.edits));
    }
    written.push(change.path);
  }
  return written;
}

/** Copies a fixture folder into a fresh temp folder and returns the copy's path. */
export function copyFixture(dir: string, prefix = 'tf-fix-'): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(dir, target, { recursive: true });
  return target;
}

const goEnv = (() => {
  const home = path.join(os.tmpdir(), 'twelve-factor-go');
  return {
    ...process.env,
    GOTOOLCHAIN: 'local',
    GOPROXY: 'off',
    GOFLAGS: '-mod=mod',
    GOCACHE: path.join(home, 'cache'),
    GOPATH: path.join(home, 'path'),
  };
})();

/** `go build ./... && go vet ./...` in `dir`, offline; the combined output when either fails. */
export function goBuildAndVet(dir: string): { ok: boolean; output: string } {
  for (const args of [['build', './...'], ['vet', './...']]) {
    const run = spawnSync(GO, args, { cwd: dir, env: goEnv, encoding: 'utf8' });
    if (run.error) return { ok: false, output: `cannot run ${GO}: ${run.error.message}` };
    if (run.status !== 0) return { ok: false, output: `go ${args.join(' ')}:\n${run.stdout}${run.stderr}` };
  }
  return { ok: true, output: '' };
}

/** Files `gofmt -l` would reformat (empty when every file is formatted). */
export function gofmtUnformatted(files: readonly string[]): string[] {
  const goFiles = files.filter((f) => f.endsWith('.go'));
  if (goFiles.length === 0) return [];
  const run = spawnSync(GOFMT, ['-l', ...goFiles], { encoding: 'utf8' });
  if (run.error || run.status !== 0) throw new Error(`gofmt failed: ${run.error?.message ?? run.stderr}`);
  return run.stdout.split('\n').filter(Boolean);
}

/**
 * Compares the files a fix wrote (relative to `root`) with the reviewed snapshot folder `expectedDir`
 * (same relative paths). `UPDATE_SNAPSHOTS=1` rewrites the snapshots instead; review the diff.
 */
export function snapshotMismatches(root: string, written: readonly string[], expectedDir: string): string[] {
  const mismatches: string[] = [];
  for (const file of written) {
    const rel = path.relative(root, file);
    const expectedPath = path.join(expectedDir, rel);
    const actual = fs.readFileSync(file, 'utf8');
    if (process.env.UPDATE_SNAPSHOTS === '1') {
      fs.mkdirSync(path.dirname(expectedPath), { recursive: true });
      fs.writeFileSync(expectedPath, actual);
      continue;
    }
    const expected = fs.existsSync(expectedPath) ? fs.readFileSync(expectedPath, 'utf8') : undefined;
    if (expected !== actual) mismatches.push(`${rel}: ${expected === undefined ? 'no snapshot' : 'differs from snapshot'}`);
  }
  return mismatches;
}
