// The worker pool behind `twelve-factor scan`, driven directly: same outcomes as the in-process scan,
// also when workers run out of heap and are replaced.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, test } from 'node:test';
import workerThreads = require('worker_threads');
import { analyzeFiles } from '../../server/src/scan/run';
import { walk } from '../../server/src/scan/walker';
import { REPO_ROOT } from '../helpers/engine';

const BUNDLE_DIR = path.join(REPO_ROOT, 'dist');

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-workers-')));
after(() => fs.rmSync(root, { recursive: true, force: true }));
for (let i = 0; i < 60; i++) {
  const dir = path.join(root, `pkg${i % 6}`);
  fs.mkdirSync(dir, { recursive: true });
  const body = i % 2 === 0 ? `sql.Open("postgres", "postgres://app:Zq8vLk2Rt@db${i}.internal/app")` : 'sql.Open("postgres", dsn)';
  fs.writeFileSync(path.join(dir, `f${i}.go`), `package pkg${i % 6}\n\nimport "database/sql"\n\nfunc open${i}(dsn string) { ${body} }\n`);
}

/** Counts the workers the pool starts while `run` runs. */
async function countingWorkers<T>(run: () => Promise<T>): Promise<{ result: T; started: number }> {
  const Original = workerThreads.Worker;
  let started = 0;
  workerThreads.Worker = class extends Original {
    constructor(...args: ConstructorParameters<typeof Original>) {
      super(...args);
      started++;
    }
  };
  try {
    return { result: await run(), started };
  } finally {
    workerThreads.Worker = Original;
  }
}

test('workers: a worker out of heap is replaced and its batches analysed again', async () => {
  const files = walk([root], () => undefined);
  assert.equal(files.length, 60);
  const inProcess = await analyzeFiles(files, { jobs: 1, bundleDir: BUNDLE_DIR });
  assert.equal(inProcess.filter((o) => o.kind === 'analysed' && o.findings.length === 1).length, 30);
  const normal = await countingWorkers(() => analyzeFiles(files, { jobs: 2, bundleDir: BUNDLE_DIR }));
  assert.equal(normal.started, 2);
  assert.deepEqual(normal.result, inProcess);
  // A 1 MB heap cannot even load the engine: every capped worker fails and is replaced.
  const starved = await countingWorkers(() => analyzeFiles(files, { jobs: 2, bundleDir: BUNDLE_DIR, workerHeapMb: 1 }));
  assert.ok(starved.started > 2, `replacement workers started (${starved.started} in all)`);
  assert.deepEqual(starved.result, inProcess);
});
