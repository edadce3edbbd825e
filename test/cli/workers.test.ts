// The worker pool behind `twelve-factor scan`, driven directly: same outcomes as the in-process scan,
// also when workers run out of heap and are replaced.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, test } from 'node:test';
import workerThreads = require('worker_threads');
import { analyzeFiles, type WorkerRequest } from '../../server/src/scan/run';
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

/** Counts the workers the pool starts while `run` runs, and what each is asked. */
async function countingWorkers<T>(run: () => Promise<T>): Promise<{ result: T; started: number; requests: WorkerRequest[][] }> {
  const Original = workerThreads.Worker;
  const requests: WorkerRequest[][] = [];
  workerThreads.Worker = class extends Original {
    private readonly asked: WorkerRequest[] = [];
    constructor(...args: ConstructorParameters<typeof Original>) {
      super(...args);
      requests.push(this.asked);
    }
    override postMessage(request: WorkerRequest): void {
      this.asked.push(request);
      super.postMessage(request);
    }
  };
  try {
    return { result: await run(), started: requests.length, requests };
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

test('workers: module surveys are shared, so a loader surveyed by one worker counts in the others', async () => {
  // The config loader is the first Go file walked, in the first worker's share of the survey; the
  // env reads spread over 60 files, analysed by both workers.
  const module = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-workers-module-')));
  after(() => fs.rmSync(module, { recursive: true, force: true }));
  fs.writeFileSync(path.join(module, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
  fs.mkdirSync(path.join(module, 'a/config'), { recursive: true });
  fs.writeFileSync(
    path.join(module, 'a/config/config.go'),
    'package config\n\nimport "os"\n\nfunc LoadConfig() string {\n\treturn os.Getenv("DATABASE_URL")\n}\n',
  );
  for (let i = 0; i < 60; i++) {
    const dir = path.join(module, `z/pkg${i % 6}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `f${i}.go`), `package pkg${i % 6}\n\nimport "os"\n\nfunc setting${i}() string { return os.Getenv("SETTING_${i}") }\n`);
  }
  const files = walk([module], () => undefined);
  const inProcess = await analyzeFiles(files, { jobs: 1, bundleDir: BUNDLE_DIR });
  const scattered = inProcess.flatMap((o) => (o.kind === 'analysed' ? o.findings : [])).filter((f) => f.ruleId === 'config/scattered-env-access');
  assert.equal(scattered.length, 60);
  assert.match(scattered[0].message, /LoadConfig in a\/config\/config\.go/);
  const pooled = await countingWorkers(() => analyzeFiles(files, { jobs: 2, bundleDir: BUNDLE_DIR }));
  assert.equal(pooled.started, 2);
  assert.deepEqual(pooled.result, inProcess);
  // Each worker surveyed half of the 61 Go files, then got the facts of all of them before any batch.
  for (const asked of pooled.requests) {
    assert.deepEqual(asked.slice(0, 2).map((r) => r.kind), ['survey', 'surveyed']);
    assert.ok(asked.slice(2).every((r) => r.kind === 'analyse'));
  }
  const shares = pooled.requests.map((asked) => asked[0].files.length);
  assert.deepEqual(shares, [31, 30]);
  const facts = pooled.requests[1][1];
  assert.ok(facts.kind === 'surveyed');
  assert.equal(facts.files.length, 61);
  assert.deepEqual(facts.files.find(([p]) => p.endsWith('config.go'))?.[1]?.['config-loader'], { name: 'LoadConfig', rank: 0, main: false });
});
