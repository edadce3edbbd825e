// A scan worker thread: one engine, analysing the batches of files the CLI's main thread hands it.
import { parentPort, workerData } from 'worker_threads';
import { FileAnalyzer, type AnalyzerOptions } from './scan/analyzer';
import type { BatchRequest, BatchResult } from './scan/run';

const port = parentPort!;
const analyzer = FileAnalyzer.create(workerData as AnalyzerOptions);

port.on('message', (request: BatchRequest) => {
  void analyzer.then((a) => {
    const result: BatchResult = { outcomes: request.files.map((f) => a.analyze(f)) };
    port.postMessage(result);
  });
});
