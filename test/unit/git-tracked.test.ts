// A .env that .gitignore ignores but git tracks anyway (force-added, or committed before the ignore
// line) is committed: config/committed-env-file still reports it. The disk view asks git which files
// it tracks.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { test } from 'node:test';
import { Engine } from '../../server/src/engine';
import { DiskFileSystem } from '../../server/src/diskFs';
import { walk } from '../../server/src/scan/walker';

test('an ignored but tracked .env is still a committed env file; an ignored untracked one is not', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-tracked-'));
  const git = (...args: string[]): void => {
    execFileSync('git', ['-C', root, ...args], { stdio: 'ignore' });
  };
  git('init', '-q');
  fs.writeFileSync(path.join(root, '.gitignore'), '.env\n');
  fs.mkdirSync(path.join(root, 'tracked'));
  fs.mkdirSync(path.join(root, 'untracked'));
  for (const dir of ['tracked', 'untracked']) fs.writeFileSync(path.join(root, dir, '.env'), 'API_URL=https://api.internal\n');
  git('add', '-f', 'tracked/.env');
  const engine = await Engine.create({ fs: new DiskFileSystem() });
  const rules = (rel: string): string[] =>
    engine.analyze({ path: path.join(root, rel), text: fs.readFileSync(path.join(root, rel), 'utf8'), relativePath: rel }).map((f) => f.ruleId);
  assert.deepEqual(rules('tracked/.env'), ['config/committed-env-file']);
  assert.deepEqual(rules('untracked/.env'), []);
});

test('a scan walks the files .gitignore ignores but git tracks, also inside an ignored folder, and only those', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tf-tracked-walk-')));
  const git = (...args: string[]): void => {
    execFileSync('git', ['-C', root, ...args], { stdio: 'ignore' });
  };
  git('init', '-q');
  fs.writeFileSync(path.join(root, '.gitignore'), '.env\nconfigs\n');
  fs.writeFileSync(path.join(root, '.env'), 'TOKEN_SECRET=someSuperDuperSecret123\n');
  fs.mkdirSync(path.join(root, 'configs', 'deep'), { recursive: true });
  fs.writeFileSync(path.join(root, 'configs', 'secrets.json'), '{"postgres": {"password": "Xq81kd0wPz"}}\n');
  fs.writeFileSync(path.join(root, 'configs', 'deep', 'local.json'), '{"password": "untracked"}\n');
  fs.writeFileSync(path.join(root, 'main.go'), 'package main\n\nfunc main() {}\n');
  git('add', '-f', '.env', 'configs/secrets.json');
  git('add', 'main.go', '.gitignore');
  const walked = walk([root], () => undefined).map((f) => f.scanRelative);
  // Not configs/deep/local.json: ignored and untracked.
  assert.deepEqual([...walked].sort(), ['.env', 'configs/secrets.json', 'main.go']);
});

test("asking git what it tracks runs nothing the repository's config names (an fsmonitor hook)", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-fsmonitor-'));
  execFileSync('git', ['-C', root, 'init', '-q'], { stdio: 'ignore' });
  fs.writeFileSync(path.join(root, 'main.go'), 'package main\n');
  execFileSync('git', ['-C', root, 'add', 'main.go'], { stdio: 'ignore' });
  const marker = path.join(root, 'hook-ran');
  const hook = path.join(root, 'hook.sh');
  fs.writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
  execFileSync('git', ['-C', root, 'config', 'core.fsmonitor', hook], { stdio: 'ignore' });
  assert.equal(new DiskFileSystem().isTrackedByGit(path.join(root, 'main.go')), true);
  assert.equal(fs.existsSync(marker), false, 'the hook ran');
});
