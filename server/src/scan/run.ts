// Runs the engine over a scan's files: in this thread for small scans, else in worker threads that
// each own an engine. Files are handed out in batches of whole folders, so a Go package's files land
// in one worker and the package is parsed once there.
import * as path from 'path';
import { Worker } from 'worker_threads';
import { FileAnalyzer, type AnalyzerOptions, type FileOutcome } from './analyzer';
import type { ScanFile } from './walker';
import type { SurveyedFile } from '../engine';

/** Below this many files, starting workers costs more than it saves. */
const IN_PROCESS_LIMIT = 50;
/** Folders are packed into batches of about this many files (a bigger folder stays whole). */
const BATCH_FILES = 32;
/**
 * A worker's heap caps. Left alone, V8 lets a busy heap fill with garbage to many times its live size
 * (over 800 MB over the Go standard library, for some 40-80 MB live).
 */
const WORKER_OLD_HEAP_MB = 72;
const WORKER_YOUNG_HEAP_MB = 8;

/**
 * What a worker is asked, in order: to survey its share of the Go files for the module surveys, then
 * (once every share is in) to take the facts of all of them, then to analyse batches.
 */
export type WorkerRequest =
  | { kind: 'survey'; files: string[] }
  | { kind: 'surveyed'; files: [string, SurveyedFile][] }
  | { kind: 'analyse'; files: ScanFile[] };

/** A worker's answers, in the order of the requests (none to `surveyed`). */
export type WorkerReply = { kind: 'surveyed'; files: [string, SurveyedFile][] } | { kind: 'analysed'; outcomes: FileOutcome[] };

export interface RunOptions {
  jobs: number;
  /** Folder holding scan-worker.js and the .wasm files. */
  bundleDir: string;
  /** Old-generation heap cap of a worker, in MB; defaults to WORKER_OLD_HEAP_MB. */
  workerHeapMb?: number;
  /** Collect the scorecard's evidence alongside the findings. */
  evidence?: boolean;
}

/** Outcomes in the order of `files`. */
export async function analyzeFiles(files: ScanFile[], options: RunOptions): Promise<FileOutcome[]> {
  const analyzerOptions: AnalyzerOptions = { wasmDir: options.bundleDir, evidence: options.evidence };
  const batches = batchesByFolder(files);
  const workers = Math.min(options.jobs, batches.length);
  const outcomes = workers <= 1 || files.length < IN_PROCESS_LIMIT
    ? await analyzeInProcess(files, analyzerOptions)
    : await analyzeInWorkers(batches, workers, surveyShares(files, workers), path.join(options.bundleDir, 'scan-worker.js'), analyzerOptions, options.workerHeapMb ?? WORKER_OLD_HEAP_MB);
  const order = new Map(files.map((f, i) => [f.absPath, i]));
  return outcomes.sort((a, b) => order.get(a.absPath)! - order.get(b.absPath)!);
}

async function analyzeInProcess(files: ScanFile[], options: AnalyzerOptions): Promise<FileOutcome[]> {
  const analyzer = await FileAnalyzer.create(options);
  return files.map((f) => analyzer.analyze(f));
}

/** Whole folders packed into batches, biggest first so no worker is left with a big one at the end. */
function batchesByFolder(files: ScanFile[]): ScanFile[][] {
  const batches: ScanFile[][] = [];
  let current: ScanFile[] = [];
  files.forEach((file, i) => {
    current.push(file);
    const next = files[i + 1];
    const folderEnds = !next || path.dirname(next.absPath) !== path.dirname(file.absPath);
    if (folderEnds && current.length >= BATCH_FILES) {
      batches.push(current);
      current = [];
    }
  });
  if (current.length > 0) batches.push(current);
  return batches.sort((a, b) => b.length - a.length);
}

/**
 * The scan's Go files that module surveys read, in up to `count` shares. Each worker surveys one, so
 * the facts of a module are worked out once, not once in every worker that analyses part of it.
 */
function surveyShares(files: ScanFile[], count: number): string[][] {
  const goFiles = files.map((f) => f.absPath).filter((p) => p.endsWith('.go') && !p.endsWith('_test.go'));
  const size = Math.ceil(goFiles.length / count);
  return Array.from({ length: count }, (_, i) => goFiles.slice(i * size, (i + 1) * size)).filter((share) => share.length > 0);
}

/**
 * `count` workers, each surveying one share first; once every share is in, each worker gets all the facts,
 * then workers pull batches until none is left. A worker that runs out of its capped heap is replaced
 * by one without the cap, and what it held is asked of the new one (which, without the facts, surveys
 * what it needs itself).
 */
function analyzeInWorkers(batches: ScanFile[][], count: number, shares: string[][], script: string, options: AnalyzerOptions, heapMb: number): Promise<FileOutcome[]> {
  return new Promise((resolve, reject) => {
    const outcomes: FileOutcome[] = [];
    const queue = [...batches];
    let surveyed: [string, SurveyedFile][] = [];
    /** Shares not surveyed yet; at 0 batches are handed out, and a worker started later surveys what it needs itself. */
    let sharesLeft = shares.length;
    const running = new Map<Worker, Pool>();
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      void Promise.all([...running.keys()].map((w) => w.terminate())).then(() => (error ? reject(error) : resolve(outcomes)));
    };
    /** What the pool does with one worker. */
    interface Pool {
      send(request: WorkerRequest): void;
      /** Sends the next batch, if any is left. */
      handOut(): void;
    }
    const startAnalysing = (): void => {
      const facts: WorkerRequest = { kind: 'surveyed', files: surveyed };
      for (const worker of running.values()) worker.send(facts);
      // Each worker has its copy: the facts are not kept here.
      surveyed = [];
      // One batch for each worker, then a second, so none waits for its next batch.
      for (const worker of running.values()) worker.handOut();
      for (const worker of running.values()) worker.handOut();
    };
    const start = (heapLimitMb: number | undefined): Pool => {
      const worker = new Worker(script, {
        workerData: options,
        resourceLimits: { maxOldGenerationSizeMb: heapLimitMb, maxYoungGenerationSizeMb: WORKER_YOUNG_HEAP_MB },
      });
      /** Requests sent and not yet answered, in order (a worker answers in order). */
      const held: WorkerRequest[] = [];
      const pool: Pool = {
        send(request) {
          if (request.kind !== 'surveyed') held.push(request);
          worker.postMessage(request);
        },
        handOut() {
          const batch = queue.shift();
          if (batch) pool.send({ kind: 'analyse', files: batch });
        },
      };
      running.set(worker, pool);
      worker.on('message', (reply: WorkerReply) => {
        held.shift();
        if (reply.kind === 'surveyed') {
          surveyed.push(...reply.files);
          if (--sharesLeft === 0) startAnalysing();
          return;
        }
        outcomes.push(...reply.outcomes);
        pool.handOut();
        if (held.length > 0) return;
        running.delete(worker);
        void worker.terminate();
        if (running.size === 0) finish();
      });
      worker.on('error', (error: Error & { code?: string }) => {
        if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY' || heapLimitMb === undefined) return finish(error);
        running.delete(worker);
        const replacement = start(undefined);
        for (const request of held) replacement.send(request);
        if (sharesLeft === 0 && held.length === 0) replacement.handOut();
      });
      worker.on('exit', (code) => {
        if (running.has(worker)) finish(new Error(`a scan worker stopped unexpectedly (exit code ${code})`));
      });
      return pool;
    };
    const pools = Array.from({ length: count }, () => start(heapMb));
    shares.forEach((share, i) => pools[i].send({ kind: 'survey', files: share }));
    if (shares.length === 0) startAnalysing();
  });
}
