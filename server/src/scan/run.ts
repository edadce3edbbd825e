// Runs the engine over a scan's files: in this thread for small scans, else in worker threads that
// each own an engine. Files are handed out in batches of whole folders, so a Go package's files land
// in one worker and the package is parsed once there.
import * as path from 'path';
import { Worker } from 'worker_threads';
import { FileAnalyzer, type AnalyzerOptions, type FileOutcome } from './analyzer';
import type { ScanFile } from './walker';

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

export interface BatchRequest {
  files: ScanFile[];
}

export interface BatchResult {
  outcomes: FileOutcome[];
}

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
    : await analyzeInWorkers(batches, workers, path.join(options.bundleDir, 'scan-worker.js'), analyzerOptions, options.workerHeapMb ?? WORKER_OLD_HEAP_MB);
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
 * Workers pull batches until none is left. A worker that runs out of its capped heap is replaced by
 * one without the cap, and the batches it held are analysed again.
 */
function analyzeInWorkers(batches: ScanFile[][], count: number, script: string, options: AnalyzerOptions, heapMb: number): Promise<FileOutcome[]> {
  return new Promise((resolve, reject) => {
    const outcomes: FileOutcome[] = [];
    const queue = [...batches];
    const running = new Set<Worker>();
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      void Promise.all([...running].map((w) => w.terminate())).then(() => (error ? reject(error) : resolve(outcomes)));
    };
    /** Starts a worker with one batch; returns how to hand it another. */
    const start = (heapLimitMb: number | undefined): (() => void) => {
      const worker = new Worker(script, {
        workerData: options,
        resourceLimits: { maxOldGenerationSizeMb: heapLimitMb, maxYoungGenerationSizeMb: WORKER_YOUNG_HEAP_MB },
      });
      running.add(worker);
      /** Batches sent and not yet answered, in order (a worker answers in order). */
      const held: ScanFile[][] = [];
      const handOut = (): void => {
        const batch = queue.shift();
        if (!batch) return;
        held.push(batch);
        const request: BatchRequest = { files: batch };
        worker.postMessage(request);
      };
      worker.on('message', (result: BatchResult) => {
        held.shift();
        outcomes.push(...result.outcomes);
        handOut();
        if (held.length > 0) return;
        running.delete(worker);
        void worker.terminate();
        if (running.size === 0) finish();
      });
      worker.on('error', (error: Error & { code?: string }) => {
        if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY' || heapLimitMb === undefined) return finish(error);
        running.delete(worker);
        queue.unshift(...held);
        start(undefined)();
      });
      worker.on('exit', (code) => {
        if (running.has(worker)) finish(new Error(`a scan worker stopped unexpectedly (exit code ${code})`));
      });
      handOut();
      return handOut;
    };
    // One batch for each worker, then a second, so none waits for its next batch.
    const handOuts = Array.from({ length: count }, () => start(heapMb));
    handOuts.forEach((handOut) => handOut());
  });
}
