// A scan worker thread: one engine, surveying and analysing the files the CLI's main thread hands it.
import { parentPort, workerData } from 'worker_threads';
import { FileAnalyzer, type AnalyzerOptions } from './scan/analyzer';
import type { WorkerReply, WorkerRequest } from './scan/run';

const port = parentPort!;
const analyzer = FileAnalyzer.create(workerData as AnalyzerOptions);

port.on('message', (request: WorkerRequest) => {
  void analyzer.then((a) => {
    if (request.kind === 'surveyed') return a.useSurveyed(request.files);
    const reply: WorkerReply =
      request.kind === 'survey' ? { kind: 'surveyed', files: a.survey(request.files) } : { kind: 'analysed', outcomes: request.files.map((f) => a.analyze(f)) };
    port.postMessage(reply);
  });
});
