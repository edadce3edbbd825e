// "Extract literal into config field" on small Go modules: each fix is applied through the engine as
// an editor would, then the finding must be gone, nothing new flagged anywhere in the module, the
// module must parse, build, vet and be gofmt-clean, and the edited files must match the reviewed
// snapshots under expected/ (UPDATE_SNAPSHOTS=1 rewrites them).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { languageOf, type Engine, type Finding, type Fix } from '../../server/src/engine';
import { appendAligned } from '../../server/src/engine/fixes/go/extract-align';
import { applyChanges, applyEdits, copyFixture, GO, goBuildAndVet, gofmtUnformatted, snapshotMismatches } from '../helpers/fixes';
import { FIXTURES, testEngine, tempTree } from '../helpers/engine';
import { spawnSync } from 'node:child_process';

/** The extract fix's titles: "Extract into config field Config.Port (PORT)", "Extract into the required env var …". */
const EXTRACT_TITLE = /^Extract into /;

const CASES_DIR = path.join(FIXTURES, 'fixes', 'extract');
const HAVE_GO = fs.existsSync(GO);
const LITERAL_RULES = ['config/hardcoded-secret', 'config/credential-in-url', 'config/hardcoded-connection-string', 'backing-services/hardcoded-address', 'port-binding/hardcoded-port'];

interface Case {
  name: string;
  file: string;
  /** The finding fixed; absent for the refactoring. */
  rule?: string;
  /** For the refactoring: the literal's text in `file`. */
  literal?: string;
  title: RegExp;
}

const CASES: Case[] = [
  { name: 'in-main', file: 'main.go', rule: 'config/credential-in-url', title: /config field Config\.DatabaseURL \(DATABASE_URL\)/ },
  { name: 'in-handler', file: 'main.go', rule: 'config/hardcoded-connection-string', title: /required env var DATABASE_URL \(mustEnv/ },
  { name: 'struct-literal', file: 'main.go', rule: 'port-binding/hardcoded-port', title: /config field Config\.Port \(PORT\)/ },
  { name: 'package-const', file: 'main.go', rule: 'config/credential-in-url', title: /required env var DATABASE_URL/ },
  { name: 'const-group', file: 'main.go', rule: 'config/credential-in-url', title: /required env var PRIMARY_DATABASE_URL/ },
  { name: 'package-var', file: 'main.go', rule: 'backing-services/hardcoded-address', title: /required env var REDIS_ADDR/ },
  { name: 'existing-config', file: 'main.go', rule: 'config/hardcoded-connection-string', title: /config field Config\.DatabaseURL \(DATABASE_URL\)/ },
  { name: 'config-other-package', file: 'main.go', rule: 'backing-services/hardcoded-address', title: /config field Config\.BrokerAddr \(BROKER_ADDR\)/ },
  { name: 'config-parameter', file: 'main.go', rule: 'config/hardcoded-connection-string', title: /config field Config\.DatabaseURL/ },
  { name: 'receiver-field', file: 'server.go', rule: 'backing-services/hardcoded-address', title: /config field Config\.SearchAddr \(SEARCH_ADDR\)/ },
  { name: 'name-clash', file: 'main.go', rule: 'config/hardcoded-connection-string', title: /config field Config\.AnalyticsDatabaseURL \(ANALYTICS_DATABASE_URL\)/ },
  { name: 'same-field-reused', file: 'main.go', rule: 'config/hardcoded-connection-string', title: /config field Config\.DatabaseURL \(DATABASE_URL\)/ },
  { name: 'env-example', file: 'main.go', rule: 'config/hardcoded-secret', title: /config field Config\.SigningKey \(SIGNING_KEY\)/ },
  { name: 'one-line-config', file: 'main.go', rule: 'backing-services/hardcoded-address', title: /config field Config\.CacheAddr \(CACHE_ADDR\)/ },
  { name: 'side-listener', file: 'main.go', rule: 'port-binding/hardcoded-port', title: /required env var METRICS_PORT \(mustEnv/ },
  { name: 'refactor', file: 'main.go', literal: '"hello from the orders service"', title: /config field Config\.Greeting \(GREETING\)/ },
];

function allFiles(root: string): string[] {
  return fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).map((rel) => path.join(root, rel)).filter((p) => fs.statSync(p).isFile());
}

/** Every finding of the module, as `file|rule|message` (positions move when a fix inserts lines). */
function findingsOf(engine: Engine, root: string): { keys: string[]; findings: Finding[] } {
  engine.workspace.invalidate();
  const findings = allFiles(root)
    .filter((p) => languageOf(p))
    .flatMap((p) => engine.analyze({ path: p, text: fs.readFileSync(p, 'utf8'), relativePath: path.relative(root, p) }));
  return { keys: findings.map(keyOf).sort(), findings };
}

function keyOf(f: Finding): string {
  return `${f.path}|${f.ruleId}|${f.message}`;
}

function fixFor(engine: Engine, root: string, c: Case, findings: Finding[]): { fix: Fix; target?: Finding } {
  const file = path.join(root, c.file);
  const input = { path: file, text: fs.readFileSync(file, 'utf8'), relativePath: c.file };
  if (c.rule) {
    const target = findings.find((f) => f.path === file && f.ruleId === c.rule);
    assert.ok(target, `no ${c.rule} finding in ${c.name}: ${findings.map(keyOf).join('\n')}`);
    // Other providers' fixes for the same finding (reading PORT, say) are theirs to test.
    const fixes = engine.fixesFor(input, target).filter((f) => EXTRACT_TITLE.test(f.title));
    assert.equal(fixes.length, 1, `one extract fix expected, got ${fixes.map((f) => f.title).join(', ')}`);
    return { fix: fixes[0], target };
  }
  const offset = input.text.indexOf(c.literal!);
  const line = input.text.slice(0, offset).split('\n').length - 1;
  const character = offset - input.text.lastIndexOf('\n', offset - 1) - 1;
  const fixes = engine.refactorsAt(input, { start: { line, character: character + 1 }, end: { line, character: character + 1 } });
  assert.equal(fixes.length, 1);
  return { fix: fixes[0] };
}

for (const c of CASES) {
  test(`extract into config: ${c.name}`, async () => {
    const engine = await testEngine();
    const root = copyFixture(path.join(CASES_DIR, c.name, 'input'), 'tf-extract-');
    const before = findingsOf(engine, root);
    const { fix, target } = fixFor(engine, root, c, before.findings);
    assert.match(fix.title, c.title);
    const written = applyChanges(fix.changes);
    const after = findingsOf(engine, root);

    // The finding is gone and nothing else changed: the findings after are those before minus the target.
    const expected = [...before.keys];
    if (target) expected.splice(expected.indexOf(keyOf(target)), 1);
    assert.deepEqual(after.keys, expected);

    for (const file of written.filter((p) => p.endsWith('.go'))) {
      assert.equal(engine.workspace.file(file, fs.readFileSync(file, 'utf8')).root.hasError, false, `${file} has syntax errors`);
    }
    if (HAVE_GO) {
      const build = goBuildAndVet(root);
      assert.ok(build.ok, build.output);
      assert.deepEqual(gofmtUnformatted(written), []);
    } else {
      assert.notEqual(process.env.CI, 'true', `Go is required in CI (${GO})`);
    }
    assert.deepEqual(snapshotMismatches(root, written, path.join(CASES_DIR, c.name, 'expected')), []);
  });
}

test('extract offers nothing for a const that other constants are built from', async () => {
  const engine = await testEngine();
  const root = tempTree('tf-extract-', {
    'go.mod': 'module example.com/app\n\ngo 1.23\n',
    'main.go': 'package main\n\nimport "database/sql"\n\nconst dsn = "postgres://u:pw@db.internal/shop"\nconst replica = dsn + "?replica=1"\n\nfunc main() { sql.Open("postgres", replica) }\n',
  });
  const file = path.join(root, 'main.go');
  const text = fs.readFileSync(file, 'utf8');
  const finding = engine.analyze({ path: file, text, relativePath: 'main.go' }).find((f) => f.ruleId === 'config/credential-in-url');
  assert.ok(finding);
  assert.deepEqual(engine.fixesFor({ path: file, text, relativePath: 'main.go' }, finding), []);
});

test('extract offers nothing for a grouped const whose group counts with iota or repeats its value', async () => {
  const engine = await testEngine();
  for (const group of ['const (\n\tfirst = iota\n\tdsn   = "postgres://u:pw1234@db.internal/shop"\n)\n', 'const (\n\tdsn     = "postgres://u:pw1234@db.internal/shop"\n\treplica\n)\n']) {
    const text = `package main\n\nimport "database/sql"\n\n${group}\nfunc main() { sql.Open("postgres", dsn) }\n`;
    const root = tempTree('tf-extract-', { 'go.mod': 'module example.com/app\n\ngo 1.23\n', 'main.go': text });
    const input = { path: path.join(root, 'main.go'), text, relativePath: 'main.go' };
    const finding = engine.analyze(input).find((f) => f.ruleId === 'config/credential-in-url');
    assert.ok(finding, group);
    assert.deepEqual(engine.fixesFor(input, finding).filter((f) => EXTRACT_TITLE.test(f.title)), [], group);
  }
});

test('the refactoring is not offered on the name of an env var', async () => {
  const engine = await testEngine();
  const text = 'package main\n\nimport "os"\n\nfunc main() { println(os.Getenv("HOME")) }\n';
  const file = path.join(tempTree('tf-extract-', { 'main.go': text }), 'main.go');
  const at = { line: 4, character: 30 };
  assert.deepEqual(engine.refactorsAt({ path: file, text }, { start: at, end: at }), []);
});

/** Struct shapes whose new field gofmt aligns differently: tags, comments, embedded fields, one field. */
const STRUCTS = [
  'type Config struct {\n\tPort string\n}\n',
  'type Config struct {\n\tPort string `json:"port"`\n\tA    int\n}\n',
  'type Config struct {\n\tA int // a\n\t// doc\n\tPort string `env:"PORT"`\n}\n',
  'type Config struct {\n\tPort        string `env:"PORT"`\n\tDatabaseURL string\n\n\tX int\n}\n',
  'type Config struct {\n\tfmt.Stringer\n\tName, Other string `json:"n"` // both\n\tLongerFieldName int\n}\n',
  'type Config struct {\n\tA struct {\n\t\tB int\n\t}\n\tC string `x:"y"`\n}\n',
  // On one line: laid out a field a line.
  'type Config struct{ Port string }\n',
  'type Config struct{}\n',
  'type Config struct{ A int; Port string `env:"PORT"` }\n',
];

test('a field added to a struct is laid out as gofmt lays it out', { skip: !HAVE_GO && process.env.CI !== 'true' }, async () => {
  const engine = await testEngine();
  for (const [i, struct] of STRUCTS.entries()) {
    for (const name of ['X', 'AnalyticsDatabaseURL']) {
      const text = `package main\n\nimport "fmt"\n\n${struct}\nvar _ fmt.Stringer\n`;
      const file = engine.workspace.file(`/virtual/align-${i}-${name}.go`, text);
      const list = file.root.descendantsOfType('field_declaration_list')[0]!;
      const edited = applyEdits(text, appendAligned(file, list, [name, 'string'])!);
      const gofmt = spawnSync(path.join(path.dirname(GO), 'gofmt'), { input: edited, encoding: 'utf8' });
      assert.equal(gofmt.status, 0, gofmt.stderr);
      assert.equal(edited, gofmt.stdout, `struct ${i} with ${name}`);
    }
  }
});

test('a keyed element added to a composite literal is laid out as gofmt lays it out', { skip: !HAVE_GO && process.env.CI !== 'true' }, async () => {
  const engine = await testEngine();
  const composites = [
    'var c = Config{\n\tPort: "1",\n}\n',
    'var c = Config{\n\tPort: "1", // p\n\tA:    2,\n}\n',
    'var c = Config{\n\t// doc\n\tPort: "1",\n\n\tLong: 2,\n}\n',
    'var c = Config{Port: "1", A: 2}\n',
    'func f() {\n\tc := Config{Port: "1"}\n\t_ = c\n}\n',
  ];
  for (const [i, composite] of composites.entries()) {
    const text = `package main\n\n${composite}`;
    const file = engine.workspace.file(`/virtual/keyed-${i}.go`, text);
    const list = file.root.descendantsOfType('literal_value')[0]!;
    const edited = applyEdits(text, appendAligned(file, list, ['DatabaseURL:', 'os.Getenv("DATABASE_URL"),'])!);
    const gofmt = spawnSync(path.join(path.dirname(GO), 'gofmt'), { input: edited, encoding: 'utf8' });
    assert.equal(edited, gofmt.stdout, `composite ${i}`);
  }
});

test('every literal finding of the sample app gets an extract fix that builds and removes only that finding', async () => {
  const engine = await testEngine();
  const sample = path.join(FIXTURES, '..', '..', 'examples', 'go-service');
  const probe = copyFixture(sample, 'tf-extract-sample-');
  const literalFindings = findingsOf(engine, probe).findings.filter((f) => LITERAL_RULES.includes(f.ruleId));
  assert.ok(literalFindings.length >= 2, `literal findings of the sample: ${literalFindings.map(keyOf).join('\n')}`);
  for (const original of literalFindings) {
    const root = copyFixture(sample, 'tf-extract-sample-');
    const before = findingsOf(engine, root);
    const rel = path.relative(probe, original.path);
    const target = before.findings.find((f) => path.relative(root, f.path) === rel && f.ruleId === original.ruleId && f.message === original.message)!;
    const file = path.join(root, rel);
    const fixes = engine.fixesFor({ path: file, text: fs.readFileSync(file, 'utf8'), relativePath: rel }, target).filter((f) => EXTRACT_TITLE.test(f.title));
    assert.equal(fixes.length, 1, `no fix for ${keyOf(original)}`);
    const written = applyChanges(fixes[0].changes);
    const expected = [...before.keys];
    expected.splice(expected.indexOf(keyOf(target)), 1);
    assert.deepEqual(findingsOf(engine, root).keys, expected, fixes[0].title);
    if (HAVE_GO) {
      const build = goBuildAndVet(root);
      assert.ok(build.ok, `${fixes[0].title}: ${build.output}`);
      assert.deepEqual(gofmtUnformatted(written), []);
    }
  }
});
