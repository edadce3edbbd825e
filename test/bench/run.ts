// Benchmarks, not tests: (1) per-edit latency of the bundled language server over stdio on a
// 2,000-line Go file, (2) `twelve-factor scan` throughput and peak memory on the Go standard library,
// with gitleaks on the same tree for comparison when it is installed. Prints one JSON object on
// stdout (compare it run to run), progress on stderr.
//   npm run bench -- [--cpu-prof] [--only latency|scan]   (profiles go to .bench/cpu-profiles/)
//   BENCH_SCAN_TREE=/path/to/go/tree overrides the scanned tree; BENCH_SCAN_RUNS (default 3) how
//   many times it is scanned (the median run is reported, every run listed: shared machines are noisy).
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { MAX_FILE_BYTES } from '../../server/src/diskFs';
import { languageOf } from '../../server/src/engine';
import { LspClient, REPO_ROOT, TextDocumentMirror } from '../lsp/client';
import { generateGoService } from './goSource';

const TARGETS = { p95EditLatencyMs: 15, scanMBPerSec: 10, scanPeakRssMiB: 300 };
const FILE_LINES = 2000;
const WARMUP_EDITS = 20;
const MEASURED_EDITS = 200;
const DEFAULT_SCAN_TREE = '/usr/lib/go-1.23/src';
const DEFAULT_SCAN_RUNS = 3;
const CLI_BUNDLE = path.join(REPO_ROOT, 'dist', 'cli.js');
/** Folders the CLI never enters (server/src/scan/walker.ts). */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', 'vendor']);

const args = process.argv.slice(2);
const cpuProfile = args.includes('--cpu-prof');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Small seeded PRNG (mulberry32): the same edits every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Single-character edits all over the file, in cycles of four: type a character somewhere, delete
 * it again, delete an existing character somewhere, type it back. Half the versions are therefore
 * slightly broken code, as while typing.
 */
function* singleCharacterEdits(doc: TextDocumentMirror, random: () => number): Generator<Edit> {
  const typed = 'etaoinsrlcdu_(."{ 0';
  const randomOffset = (): number => {
    const lineStarts = [0];
    for (let i = doc.text.indexOf('\n'); i !== -1; i = doc.text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    const line = Math.floor(random() * (lineStarts.length - 1));
    const length = lineStarts[line + 1] - 1 - lineStarts[line];
    return lineStarts[line] + Math.floor(random() * Math.max(1, length));
  };
  for (;;) {
    const at = randomOffset();
    yield { start: at, end: at, text: typed[Math.floor(random() * typed.length)] };
    yield { start: at, end: at + 1, text: '' };
    let removed = randomOffset();
    while (doc.text[removed] === '\n') removed--;
    const character = doc.text[removed];
    yield { start: removed, end: removed + 1, text: '' };
    yield { start: removed, end: removed, text: character };
  }
}

/** Peak resident memory of a live process in MiB (VmHWM), where /proc is available. */
function peakRssMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /VmHWM:\s*(\d+)\s*kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? round(Number(m[1]) / 1024, 1) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a live process has used, in ms, where /proc is available. */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

async function perEditLatency(): Promise<Record<string, unknown>> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-bench-'));
  const profileDir = path.join(REPO_ROOT, '.bench', 'cpu-profiles');
  let client: LspClient | undefined;
  try {
    fs.writeFileSync(path.join(workspace, 'go.mod'), 'module example.com/shop\n\ngo 1.22\n');
    const text = generateGoService(FILE_LINES);
    const file = path.join(workspace, 'main.go');
    fs.writeFileSync(file, text);
    client = LspClient.start({ nodeArgs: cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
    await client.initialize(workspace);
    const doc = TextDocumentMirror.forFile(client, file, text);
    progress(`latency: opening a ${text.split('\n').length}-line Go file (${text.length} bytes)`);
    const openedAt = performance.now();
    doc.open();
    const opened = await client.diagnostics(doc.uri, doc.version, { timeoutMs: 30_000 });
    const openMs = performance.now() - openedAt;

    const edits = singleCharacterEdits(doc, seededRandom(0x12f));
    const latencies: number[] = [];
    let cpuAtStart: number | undefined;
    for (let i = 0; i < WARMUP_EDITS + MEASURED_EDITS; i++) {
      const { start, end, text: inserted } = edits.next().value as Edit;
      if (i === WARMUP_EDITS) cpuAtStart = cpuMs(client.pid);
      const mark = client.notifications.length;
      const sentAt = performance.now();
      doc.edit(start, end, inserted);
      const published = await client.waitForNotification<{ uri: string; version?: number }>(
        'textDocument/publishDiagnostics',
        (p) => p.uri === doc.uri && p.version === doc.version,
        { after: mark },
      );
      if (i >= WARMUP_EDITS) latencies.push(published.at - sentAt);
      if ((i + 1) % 50 === 0) progress(`latency: ${i + 1}/${WARMUP_EDITS + MEASURED_EDITS} edits`);
    }
    const cpuAtEnd = cpuMs(client.pid);
    const serverPeakRssMiB = peakRssMiB(client.pid);
    const exitCode = await client.shutdown();
    client = undefined;
    const sorted = [...latencies].sort((a, b) => a - b);
    const p95 = percentile(sorted, 95);
    return {
      file: { lines: text.split('\n').length, bytes: Buffer.byteLength(text), findingsOnOpen: opened.diagnostics.length },
      openToDiagnosticsMs: round(openMs),
      warmupEdits: WARMUP_EDITS,
      edits: latencies.length,
      p50Ms: round(percentile(sorted, 50)),
      p95Ms: round(p95),
      maxMs: round(sorted[sorted.length - 1]),
      meanMs: round(latencies.reduce((a, b) => a + b, 0) / latencies.length),
      // Unlike wall time, not inflated by other processes competing for the CPU.
      serverCpuMsPerEdit: cpuAtStart === undefined || cpuAtEnd === undefined ? undefined : round((cpuAtEnd - cpuAtStart) / latencies.length),
      targetP95Ms: TARGETS.p95EditLatencyMs,
      meetsTarget: p95 <= TARGETS.p95EditLatencyMs,
      serverPeakRssMiB,
      serverExitCode: exitCode,
      ...(cpuProfile ? { cpuProfileDir: profileDir } : {}),
    };
  } finally {
    client?.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

/**
 * The files a scan reads, walked the way the CLI walks (files the engine has a language for, its
 * skipped folders, its size limit; a tree without .gitignore files is assumed): count and bytes.
 */
function scannedFiles(root: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(abs);
      } else if (entry.isFile() && languageOf(abs)) {
        // Reading (not stat-ing) warms the page cache, so both scanners below start from the same state.
        const size = fs.readFileSync(abs).length;
        if (size > MAX_FILE_BYTES) continue;
        files++;
        bytes += size;
      }
    }
  };
  walk(root);
  return { files, bytes };
}

interface Timed {
  exitCode: number | null;
  wallMs: number;
  peakRssMiB?: number;
  stderr: string;
}

/** Runs a command with stdout to a file, measuring wall time and the child's peak RSS. */
function timedRun(command: string, commandArgs: string[], stdoutFile: string): Promise<Timed> {
  const gnuTime = fs.existsSync('/usr/bin/time');
  const rssFile = `${stdoutFile}.rss`;
  const [file, argv] = gnuTime ? ['/usr/bin/time', ['-o', rssFile, '-f', '%M', command, ...commandArgs]] : [command, commandArgs];
  const out = fs.openSync(stdoutFile, 'w');
  const started = performance.now();
  const child = spawn(file, argv, { stdio: ['ignore', out, 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  // Without GNU time, poll the high-water mark while the child runs.
  let polledPeak: number | undefined;
  const poll = gnuTime ? undefined : setInterval(() => (polledPeak = peakRssMiB(child.pid) ?? polledPeak), 20);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      clearInterval(poll);
      fs.closeSync(out);
      let peak = polledPeak;
      if (gnuTime) {
        const kb = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop());
        peak = Number.isFinite(kb) ? round(kb / 1024, 1) : undefined;
        fs.rmSync(rssFile, { force: true });
      }
      resolve({ exitCode: code, wallMs, peakRssMiB: peak, stderr });
    });
  });
}

/** The CLI's JSON report: `{ findings: [...], summary: { files, findings, ... } }`. */
function reportSummary(reportFile: string): { files?: number; findings?: number } {
  try {
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { summary?: { files?: number; findings?: number } };
    return report.summary ?? {};
  } catch {
    return {};
  }
}

function cliAvailable(): string | undefined {
  if (!fs.existsSync(CLI_BUNDLE)) return `${path.relative(REPO_ROOT, CLI_BUNDLE)} is not built`;
  const help = spawnSync(process.execPath, [CLI_BUNDLE, '--help'], { encoding: 'utf8' });
  if (help.status !== 0 || !/\bscan\b/.test(help.stdout + help.stderr)) return `the CLI does not offer \`scan\` yet (--help exited ${help.status})`;
  return undefined;
}

async function scanThroughput(): Promise<Record<string, unknown>> {
  const given = process.env.BENCH_SCAN_TREE ?? DEFAULT_SCAN_TREE;
  if (!fs.existsSync(given)) return { skipped: `${given} not present (install golang-1.23-src or set BENCH_SCAN_TREE)` };
  // Debian's /usr/lib/go-1.23/src is a symlink, which gitleaks does not follow (it then scans nothing).
  const tree = fs.realpathSync(given);
  const unavailable = cliAvailable();
  if (unavailable) return { tree, skipped: unavailable };
  const source = scannedFiles(tree);
  progress(`scan: ${source.files} files, ${round(source.bytes / 1e6, 1)} MB in ${tree}`);
  const runs = Math.max(1, Number(process.env.BENCH_SCAN_RUNS ?? DEFAULT_SCAN_RUNS) || DEFAULT_SCAN_RUNS);
  const report = path.join(os.tmpdir(), `twelve-factor-bench-${process.pid}.json`);
  try {
    const timed: Timed[] = [];
    for (let i = 0; i < runs; i++) {
      progress(`scan: run ${i + 1} of ${runs}`);
      timed.push(await timedRun(process.execPath, [CLI_BUNDLE, 'scan', tree, '--format', 'json', '--fail-on', 'none'], report));
      if (timed[i].exitCode !== 0) break;
    }
    const run = median(timed);
    const summary = reportSummary(report);
    const seconds = run.wallMs / 1000;
    const mbPerSec = source.bytes / 1e6 / seconds;
    const peakRssMiB = Math.max(...timed.map((t) => t.peakRssMiB ?? Infinity));
    const failed = timed.find((t) => t.exitCode !== 0);
    return {
      tree,
      files: source.files,
      // The CLI counts the files it analysed; a difference means the walk above no longer mirrors it.
      ...(summary.files === source.files ? {} : { filesReportedByCli: summary.files }),
      bytes: source.bytes,
      findings: summary.findings,
      runs: timed.map((t) => ({ wallMs: round(t.wallMs, 0), mbPerSec: round(source.bytes / 1e3 / t.wallMs), peakRssMiB: t.peakRssMiB })),
      // The median run; the peak RSS is the highest of all runs.
      wallMs: round(run.wallMs, 0),
      filesPerSec: round(source.files / seconds, 0),
      mbPerSec: round(mbPerSec),
      peakRssMiB,
      cliExitCode: failed?.exitCode ?? 0,
      targets: { mbPerSec: TARGETS.scanMBPerSec, peakRssMiB: TARGETS.scanPeakRssMiB },
      meetsTargets: !failed && mbPerSec >= TARGETS.scanMBPerSec && peakRssMiB <= TARGETS.scanPeakRssMiB,
      ...(failed ? { cliStderr: failed.stderr.slice(-2000) } : {}),
      gitleaks: await gitleaksComparison(tree, runs, run.wallMs),
    };
  } finally {
    fs.rmSync(report, { force: true });
  }
}

/** The run of median wall time (the slower middle one of an even count). */
function median(timed: Timed[]): Timed {
  const sorted = [...timed].sort((a, b) => a.wallMs - b.wallMs);
  return sorted[Math.floor(sorted.length / 2)];
}

async function gitleaksComparison(tree: string, runs: number, ourWallMs: number): Promise<Record<string, unknown>> {
  const version = spawnSync('gitleaks', ['version'], { encoding: 'utf8' });
  if (version.error) return { absent: 'no gitleaks binary on PATH' };
  const report = path.join(os.tmpdir(), `gitleaks-bench-${process.pid}.json`);
  try {
    const timed: Timed[] = [];
    for (let i = 0; i < runs; i++) {
      progress(`scan: timing gitleaks on the same tree, run ${i + 1} of ${runs}`);
      timed.push(await timedRun('gitleaks', ['detect', '--no-git', '--no-banner', '--exit-code', '0', '--source', tree, '--report-path', report], `${report}.out`));
    }
    const run = median(timed);
    return {
      version: version.stdout.trim(),
      runsWallMs: timed.map((t) => round(t.wallMs, 0)),
      wallMs: round(run.wallMs, 0),
      peakRssMiB: run.peakRssMiB,
      exitCode: run.exitCode,
      gitleaksWallOverOurs: round(run.wallMs / ourWallMs),
    };
  } finally {
    fs.rmSync(report, { force: true });
    fs.rmSync(`${report}.out`, { force: true });
  }
}

async function main(): Promise<void> {
  const date = new Date().toISOString();
  const loadAtStart = os.loadavg()[0];
  const perEdit = only === 'scan' ? undefined : await perEditLatency();
  const scan = only === 'latency' ? undefined : await scanThroughput();
  const result = {
    date,
    node: process.version,
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} x${os.cpus().length}`,
    // Other processes on the machine inflate wall times: compare runs made under a similar load.
    loadAverage1m: { atStart: round(loadAtStart), atEnd: round(os.loadavg()[0]) },
    perEditLatency: perEdit,
    scanThroughput: scan,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

// `node --test out/test/` runs every script under out/test/: a benchmark is not a test.
if (process.env.NODE_TEST_CONTEXT === undefined) {
  main().catch((error: unknown) => {
    progress(error instanceof Error ? error.stack ?? error.message : String(error));
    process.exitCode = 1;
  });
}
