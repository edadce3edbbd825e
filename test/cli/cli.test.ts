// The built CLI (dist/cli.js), run as CI would run it: on the sample app and on small trees made here.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'url';
import { ALL_RULE_METAS, RULES, factorOf, languageOf } from '../../server/src/engine';
import { REPO_ROOT, testEngine } from '../helpers/engine';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SAMPLE = path.join(REPO_ROOT, 'examples', 'go-service');
const SAMPLE_REL = 'examples/go-service';
/** Values hardcoded in the sample app that must never be printed. */
const SAMPLE_SECRETS = ['Hn7vQ2xLw9', 'f3b9c27e8d1a4056b7e2c9d4a1f08e63'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], options: { cwd?: string; nodeArgs?: string[] } = {}): Run {
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonFinding {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  ruleId: string;
  factor: string;
  message: string;
}

interface JsonReport {
  findings: JsonFinding[];
  summary: { findings: number; errors: number; warnings: number; information: number; files: number };
}

function json(run: Run): JsonReport {
  assert.ok(run.code === 0 || run.code === 1, `scan failed (exit ${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout) as JsonReport;
}

const tempRoots: string[] = [];
after(() => tempRoots.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A folder in the system temp dir holding `files` (relative path → content). */
function tree(files: Record<string, string | Buffer>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-cli-')));
  tempRoots.push(root);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

/** A Go file with one error: a password in a connection URL. */
function credentialFile(pkg = 'main'): string {
  return `package ${pkg}

import "database/sql"

func openDB() (*sql.DB, error) {
	return sql.Open("postgres", "postgres://app:Zq8vLk2Rt@db.internal:5432/app")
}
`;
}

/** A Go file with one warning: a server with no graceful shutdown (its port comes from PORT). */
const WARNING_ONLY = `package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
`;

const CLEAN = `package main

import "fmt"

func main() {
	fmt.Println("hello")
}
`;

/** 1-based line of the first line of `file` (in the sample app) containing `needle`. */
function sampleLine(file: string, needle: string): number {
  const index = fs.readFileSync(path.join(SAMPLE, file), 'utf8').split('\n').findIndex((l) => l.includes(needle));
  assert.notEqual(index, -1, `${needle} not in ${file}`);
  return index + 1;
}

function findingKeys(findings: JsonFinding[]): string[] {
  return findings.map((f) => `${f.path}:${f.line} ${f.ruleId}`).sort();
}

test('cli: json on the sample app reports each violation once, where it is written', () => {
  const report = json(cli(['scan', SAMPLE_REL, '--format', 'json']));
  const expected = [
    ['main.go', 'os.OpenFile("app.log"', 'logs/writes-log-file'],
    ['main.go', 'sql.Open("postgres"', 'config/credential-in-url'],
    ['main.go', 'os.Getenv("REDIS_URL")', 'config/unchecked-required-env'],
    ['main.go', 'http.ListenAndServe(', 'disposability/no-graceful-shutdown'],
    ['main.go', 'http.ListenAndServe(', 'port-binding/hardcoded-port'],
    ['handlers.go', 'var sessionSigningKey', 'config/hardcoded-secret'],
    ['handlers.go', 'var sessions =', 'processes/in-memory-session'],
    ['go.mod', 'module ', 'concurrency/no-process-model'],
  ].map(([file, needle, rule]) => `${SAMPLE_REL}/${file}:${sampleLine(file, needle)} ${rule}`);
  assert.deepEqual(findingKeys(report.findings), expected.sort());
  for (const f of report.findings) {
    assert.ok(f.line >= 1 && f.column >= 1 && f.endLine >= f.line, `1-based positions: ${JSON.stringify(f)}`);
    assert.ok(['error', 'warning', 'information'].includes(f.severity));
    assert.equal(f.factor, RULES.find((r) => r.meta.id === f.ruleId)?.meta.factor);
  }
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  assert.deepEqual(report.summary, { findings: report.findings.length, errors, warnings, information: report.findings.length - errors - warnings, files: 3 });
});

test('cli: text on the sample app is one line a finding plus the summary, uncoloured off a TTY', () => {
  const run = cli(['scan', SAMPLE_REL]);
  assert.equal(run.code, 1, run.stderr);
  assert.ok(!run.stdout.includes('\x1b['), 'no colour codes when stdout is not a terminal');
  const report = json(cli(['scan', SAMPLE_REL, '--format', 'json']));
  const lines = run.stdout.trimEnd().split('\n');
  const summary = lines.pop();
  assert.equal(lines.pop(), '', 'a blank line before the summary');
  assert.deepEqual(
    lines,
    report.findings.map((f) => `${f.path}:${f.line}:${f.column}  ${f.severity}  ${f.message}  [${f.ruleId}]`),
  );
  const s = report.summary;
  assert.equal(summary, `${s.findings} findings (${s.errors} errors, ${s.warnings} warnings, ${s.information} information) in 3 files`);
});

test('cli: sarif on the sample app is SARIF 2.1.0 with rules, repo-relative locations and 1-based regions', () => {
  const run = cli(['scan', SAMPLE_REL, '--format', 'sarif']);
  assert.equal(run.code, 1, run.stderr);
  const sarif = JSON.parse(run.stdout);
  assert.match(sarif.$schema, /^https:\/\/.*sarif-2\.1\.0.*\.json$/);
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs.length, 1);
  const [sarifRun] = sarif.runs;
  const driver = sarifRun.tool.driver;
  assert.equal(driver.name, 'twelve-factor');
  assert.equal(driver.version, JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
  assert.match(driver.informationUri, /^https:\/\//);
  assert.deepEqual(driver.rules.map((r: { id: string }) => r.id), ALL_RULE_METAS.map((m) => m.id));
  assert.ok(RULES.every((r) => ALL_RULE_METAS.includes(r.meta)), 'every registered rule is described');
  driver.rules.forEach((r: any, i: number) => {
    const meta = ALL_RULE_METAS[i];
    assert.equal(r.shortDescription.text, meta.summary);
    if (meta.engine) {
      assert.equal(r.helpUri, undefined, 'the engine\'s own rules break no factor');
      assert.equal(r.properties, undefined);
      return;
    }
    assert.equal(r.helpUri, factorOf(meta.factor).url);
    assert.match(r.helpUri, /^https:\/\/12factor\.net\/[a-z-]+$/);
    assert.equal(r.properties.factor, meta.factor);
    assert.equal(r.properties.numeral, factorOf(meta.factor).numeral);
  });
  assert.equal(sarifRun.originalUriBaseIds.SRCROOT.uri, `${pathToFileURL(fs.realpathSync(REPO_ROOT)).href}/`);

  const report = json(cli(['scan', SAMPLE_REL, '--format', 'json']));
  assert.equal(sarifRun.results.length, report.findings.length);
  const levels: Record<string, string> = { error: 'error', warning: 'warning', information: 'note' };
  sarifRun.results.forEach((result: any, i: number) => {
    const f = report.findings[i];
    assert.equal(result.ruleId, f.ruleId);
    assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
    assert.equal(result.level, levels[f.severity]);
    assert.equal(result.message.text, f.message);
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    assert.equal(artifactLocation.uriBaseId, 'SRCROOT');
    assert.equal(artifactLocation.uri, f.path);
    assert.match(artifactLocation.uri, /^examples\/go-service\/([a-z]+\.go|go\.mod)$/, 'relative to the repository root');
    assert.deepEqual(region, { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn });
    assert.ok(region.startLine >= 1 && region.startColumn >= 1);
  });
});

test('cli: secrets of the sample app never appear in any report', () => {
  for (const format of ['text', 'json', 'sarif']) {
    const run = cli(['scan', SAMPLE_REL, '--format', format]);
    for (const secret of SAMPLE_SECRETS) {
      assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), `${format} output shows ${secret}`);
    }
  }
});

test('cli: the CLI and the engine called directly give the same findings for the same files', async () => {
  const engine = await testEngine();
  const root = fs.realpathSync(REPO_ROOT);
  const sample = fs.realpathSync(SAMPLE);
  const direct: JsonFinding[] = [];
  for (const name of fs.readdirSync(sample).filter((n) => languageOf(n))) {
    const abs = path.join(sample, name);
    for (const f of engine.analyze({ path: abs, text: fs.readFileSync(abs, 'utf8'), relativePath: name })) {
      direct.push({
        path: path.relative(root, f.path).split(path.sep).join('/'),
        line: f.range.start.line + 1,
        column: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
        severity: f.severity,
        ruleId: f.ruleId,
        factor: f.factor,
        message: f.message,
      });
    }
  }
  const order = (a: JsonFinding, b: JsonFinding): number => JSON.stringify(a).localeCompare(JSON.stringify(b));
  assert.ok(direct.length > 0);
  assert.deepEqual(json(cli(['scan', SAMPLE_REL, '--format', 'json'])).findings.sort(order), direct.sort(order));
});

test('cli: the sample app builds and vets with the Go toolchain', { skip: !fs.existsSync('/usr/lib/go-1.23/bin/go') && 'no Go toolchain' }, () => {
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '-mod=mod' };
  for (const args of [['build', '-o', os.devNull, './...'], ['vet', './...']]) {
    const result = spawnSync('/usr/lib/go-1.23/bin/go', args, { cwd: SAMPLE, env, encoding: 'utf8', timeout: 300_000 });
    assert.equal(result.status, 0, `go ${args.join(' ')}: ${result.stderr}`);
  }
});

test('cli: exit codes follow --fail-on', () => {
  const clean = tree({ 'main.go': CLEAN });
  const warning = tree({ 'main.go': WARNING_ONLY });
  const error = tree({ 'db.go': credentialFile() });
  const warnings = json(cli(['scan', warning, '--format', 'json']));
  assert.deepEqual(warnings.findings.map((f) => `${f.ruleId} ${f.severity}`), ['disposability/no-graceful-shutdown warning']);
  const cases: [string, string[], number][] = [
    [clean, [], 0],
    [clean, ['--fail-on', 'information'], 0],
    [warning, [], 0],
    [warning, ['--fail-on', 'error'], 0],
    [warning, ['--fail-on', 'warning'], 1],
    [warning, ['--fail-on=information'], 1],
    [warning, ['--fail-on', 'none'], 0],
    [error, [], 1],
    [error, ['--fail-on', 'warning'], 1],
    [error, ['--fail-on', 'none'], 0],
  ];
  for (const [dir, args, code] of cases) {
    const run = cli(['scan', dir, ...args]);
    assert.equal(run.code, code, `scan ${path.basename(dir)} ${args.join(' ')}: ${run.stdout}${run.stderr}`);
  }
});

test('cli: usage errors exit 2 with a message naming the problem and pointing to --help', () => {
  const cases: [string[], RegExp][] = [
    [['scan', '--bogus'], /unknown option '--bogus'/],
    [['scan', '--format', 'xml'], /invalid value 'xml' for --format/],
    [['scan', '--format'], /option '--format' needs a value/],
    [['scan', '--fail-on', 'fatal'], /invalid value 'fatal' for --fail-on/],
    [['scan', '--jobs', '0'], /invalid value '0' for --jobs/],
    [['scan', 'no/such/folder'], /path not found: no\/such\/folder/],
    [['lint'], /unknown command 'lint'/],
    [[], /missing command/],
  ];
  for (const [args, message] of cases) {
    const run = cli(args);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.match(run.stderr, /--help/);
    assert.equal(run.stdout, '');
  }
});

test('cli: --help and --version', () => {
  for (const flag of ['--help', '-h']) {
    const help = cli([flag]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: twelve-factor scan \[paths\.\.\.\]/);
    for (const option of ['--format', '--fail-on', '--output', '--jobs']) assert.ok(help.stdout.includes(option), option);
  }
  assert.equal(cli(['scan', '--help']).code, 0);
  const version = cli(['--version']);
  assert.equal(version.code, 0);
  assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
});

test('cli: .gitignore files are respected: root and nested, negation, anchored, folders, **', () => {
  const root = tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.git/hooks/pre-commit.go': credentialFile(),
    '.gitignore': 'ignored/\n*.gen.go\n!keep.gen.go\n/rootonly.go\ndocs/**/draft.go\n*.tmp.go\n',
    'app.go': credentialFile(),
    'ignored/a.go': credentialFile(),
    'x.gen.go': credentialFile(),
    'keep.gen.go': credentialFile(),
    'rootonly.go': credentialFile(),
    'docs/draft.go': credentialFile('docs'),
    'docs/a/b/draft.go': credentialFile('b'),
    'docs/final.go': credentialFile('docs'),
    'sub/.gitignore': '!*.gen.go\nlocal.go\n',
    'sub/rootonly.go': credentialFile('sub'),
    'sub/y.gen.go': credentialFile('sub'),
    'sub/local.go': credentialFile('sub'),
    'sub/deep/local.go': credentialFile('deep'),
    'sub/skip.tmp.go': credentialFile('sub'),
    'node_modules/m/a.go': credentialFile('m'),
    'vendor/example.com/v/a.go': credentialFile('v'),
    'sub/vendor/v/a.go': credentialFile('v'),
  });
  const paths = (run: Run): string[] => [...new Set(json(run).findings.map((f) => f.path))].sort();
  assert.deepEqual(paths(cli(['scan', '--format', 'json'], { cwd: root })), ['app.go', 'docs/final.go', 'keep.gen.go', 'sub/rootonly.go', 'sub/y.gen.go']);
  // Scanning a subfolder still applies the .gitignore files above it, and paths stay repo-relative.
  assert.deepEqual(paths(cli(['scan', 'sub', '--format', 'json'], { cwd: root })), ['sub/rootonly.go', 'sub/y.gen.go']);
  assert.deepEqual(paths(cli(['scan', '--format', 'json'], { cwd: path.join(root, 'sub') })), ['sub/rootonly.go', 'sub/y.gen.go']);
  // A file named on the command line is scanned even when ignored.
  assert.deepEqual(paths(cli(['scan', 'ignored/a.go', '--format', 'json'], { cwd: root })), ['ignored/a.go']);
});

test('cli: binary and oversized files are skipped with a note; a half-typed file does not stop the scan', () => {
  const root = tree({
    'app.go': credentialFile(),
    'blob.go': Buffer.from([0x70, 0x61, 0x63, 0x6b, 0x00, 0x01, 0x02, 0xff, 0x00]),
    'big.go': `package main\n\n${'// filler line to make this file larger than two megabytes\n'.repeat(40_000)}`,
    'broken.go': 'package main\n\nimport "database/sql"\n\nfunc open() {\n\tdb, err := sql.Open("postgres", \n\tif err != \n',
    'notes.txt': 'not Go\n',
  });
  const run = cli(['scan', '--format', 'json'], { cwd: root });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /skipped blob\.go: binary file/);
  assert.match(run.stderr, /skipped big\.go: larger than 2 MB/);
  assert.doesNotMatch(run.stderr, /could not analyse|failed/);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepEqual(findingKeys(report.findings), ['app.go:6 config/credential-in-url']);
  assert.equal(report.summary.files, 2, 'app.go and broken.go are analysed');
});

test('cli: settings files and suppression comments apply; findings of the engine\'s own rules map to SARIF rules', () => {
  const root = tree({
    '.twelve-factor.yml': 'rules:\n  config/credential-in-url: warning\n',
    'db.go': credentialFile(),
    'quiet.go': `package main

import "database/sql"

func openQuiet() (*sql.DB, error) {
	// twelve-factor-ignore-next-line config/credential-in-url -- a local fixture database
	return sql.Open("postgres", "postgres://app:Zq8vLk2Rt@localhost:5432/app")
}

// twelve-factor-ignore-next-line config/no-such-rule
func helper() {}
`,
  });
  const run = cli(['scan', '--format', 'json'], { cwd: root });
  assert.equal(run.code, 0, 'the setting lowers the error to a warning');
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepEqual(
    report.findings.map((f) => `${f.path}:${f.line} ${f.ruleId} ${f.severity} ${f.factor ?? '-'}`),
    ['db.go:6 config/credential-in-url warning config', 'quiet.go:10 twelve-factor/unknown-rule warning -'],
  );
  const sarif = JSON.parse(cli(['scan', '--format', 'sarif'], { cwd: root }).stdout);
  const [sarifRun] = sarif.runs;
  for (const result of sarifRun.results) assert.equal(sarifRun.tool.driver.rules[result.ruleIndex].id, result.ruleId);
});

test('cli: --output writes the report to a file', () => {
  const root = tree({ 'db.go': credentialFile() });
  const out = path.join(root, 'report.sarif');
  const run = cli(['scan', '.', '--format', 'sarif', '--output', out], { cwd: root });
  assert.equal(run.code, 1, run.stderr);
  assert.equal(run.stdout, '');
  const sarif = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'db.go');
});

test('cli: worker threads and the in-process scan give the same findings', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 64; i++) {
    const pkg = `pkg${i % 8}`;
    files[`${pkg}/file${i}.go`] = i % 3 === 0 ? credentialFile(pkg) : i % 3 === 1 ? WARNING_ONLY.replace('package main', `package ${pkg}`) : CLEAN;
  }
  // Counts the worker threads the CLI starts.
  files['count-workers.js'] = `const wt = require('worker_threads');
if (wt.isMainThread) {
  const Original = wt.Worker;
  let started = 0;
  wt.Worker = class extends Original { constructor(...args) { super(...args); started++; } };
  process.on('exit', () => process.stderr.write('workers started: ' + started + '\\n'));
}
`;
  const root = tree(files);
  const hook = ['--require', path.join(root, 'count-workers.js')];
  const inProcess = cli(['scan', '--format', 'json', '--jobs', '1'], { cwd: root, nodeArgs: hook });
  const workers = cli(['scan', '--format', 'json', '--jobs', '2'], { cwd: root, nodeArgs: hook });
  assert.match(inProcess.stderr, /workers started: 0/);
  assert.match(workers.stderr, /workers started: 2/);
  const a = json(inProcess);
  assert.equal(a.summary.files, 64);
  assert.equal(a.findings.filter((f) => f.ruleId === 'config/credential-in-url').length, 22);
  assert.deepEqual(json(workers), a);
  // A small scan stays in process whatever --jobs says.
  const small = cli(['scan', 'pkg0', '--format', 'json', '--jobs', '2'], { cwd: root, nodeArgs: hook });
  assert.match(small.stderr, /workers started: 0/);
});
