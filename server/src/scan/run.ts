// Runs the engine over a scan's files: in this thread for small scans, else in worker threads that
// each own an engine. Files are handed out in batches of whole folders, so a Go package's files land
// in one worker and the package is parsed once there.
import * as path from 'path';
import { Worker } from 'worker_threads';
import { FileAnalyzer, type AnalyzerOptions, type FileOutcome } from './analyzer';
import type { ScanFile } from './walker';

/** Below this many files, starting workers costs more than it saves. */
export const IN_PROCESS_LIMIT = 50;
/** Folders are packed into batches of about this many files (a bigger folder stays whole). */
const BATCH_FILES = 32;

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
}

/** Outcomes in the order of `files`. */
export async function analyzeFiles(files: ScanFile[], options: RunOptions): Promise<FileOutcome[]> {
  const analyzerOptions: AnalyzerOptions = { wasmDir: options.bundleDir };
  const batches = batchesByFolder(files);
  const workers = Math.min(options.jobs, batches.length);
  const outcomes = workers <= 1 || files.length < IN_PROCESS_LIMIT
    ? await analyzeInProcess(files, analyzerOptions)
    : await analyzeInWorkers(batches, workers, path.join(options.bundleDir, 'scan-worker.js'), analyzerOptions);
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

function analyzeInWorkers(batches: ScanFile[][], count: number, script: string, options: AnalyzerOptions): Promise<FileOutcome[]> {
  return new Promise((resolve, reject) => {
    const outcomes: FileOutcome[] = [];
    const workers: Worker[] = [];
    let next = 0;
    let inFlight = 0;
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      void Promise.all(workers.map((w) => w.terminate())).then(() => (error ? reject(error) : resolve(outcomes)));
    };
    const handOut = (worker: Worker): void => {
      if (next >= batches.length) return;
      const request: BatchRequest = { files: batches[next++] };
      worker.postMessage(request);
      inFlight++;
    };
    for (let i = 0; i < count; i++) {
      const worker = new Worker(script, { workerData: options });
      workers.push(worker);
      worker.on('message', (result: BatchResult) => {
        outcomes.push(...result.outcomes);
        inFlight--;
        handOut(worker);
        if (inFlight === 0) finish();
      });
      worker.on('error', (error) => finish(error));
      worker.on('exit', (code) => finish(new Error(`a scan worker stopped unexpectedly (exit code ${code})`)));
      // Two batches queued per worker, so it never waits for the next one.
      handOut(worker);
      handOut(worker);
    }
  });
}
