// `.twelve-factor.yml` and the editor's overrides: rules turned off or given another severity,
// ignored globs, test code included, problems in the file reported where they are written, and the
// precedence editor setting > .twelve-factor.yml > the rule's default.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { languageOf, type AnalyzeInput, type Finding } from '../../server/src/engine';
import { GlobSet } from '../../server/src/engine/settings';
import { FIXTURES, tempTree, testEngine } from '../helpers/engine';

const APP = path.join(FIXTURES, 'suppressions', 'settings', 'app');

const MAIN = `package main

import (
	"fmt"
	"net/http"
)

const apiKey = "f8a9c2d4e1b7"

func main() {
	fmt.Println(apiKey)
	http.ListenAndServe(":8080", nil)
}
`;

const TEST_FILE = `package main

import "testing"

func TestLogin(t *testing.T) {
	password := "correct-horse-battery"
	_ = password
}
`;

const workspace = (files: Record<string, string>): string => tempTree('tf-settings-', files);

/** Analyses `relativePath` under `root` as saved, the root being the workspace root. */
async function analyze(root: string, relativePath: string, extra: Partial<AnalyzeInput> = {}): Promise<Finding[]> {
  const engine = await testEngine();
  const file = path.join(root, relativePath);
  return engine.analyze({ path: file, text: fs.readFileSync(file, 'utf8'), relativePath, ...extra });
}

/** `rule@line severity` (1-based lines). */
function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId}@${f.range.start.line + 1} ${f.severity}`);
}

const DEFAULTS = ['config/hardcoded-secret@8 error', 'disposability/no-graceful-shutdown@12 warning', 'port-binding/hardcoded-port@12 warning'];

test('settings: without .twelve-factor.yml the rules run at their defaults and test code is skipped', async () => {
  const root = workspace({ 'main.go': MAIN, 'auth_test.go': TEST_FILE });
  assert.deepEqual(summary(await analyze(root, 'main.go')), DEFAULTS);
  assert.deepEqual(await analyze(root, 'auth_test.go'), []);
});

test('settings: the fixture app turns a rule off, changes severities, ignores globs and includes tests', async () => {
  const engine = await testEngine();
  const at = (relative: string): Finding[] => {
    const file = path.join(APP, relative);
    return engine.analyze({ path: file, text: fs.readFileSync(file, 'utf8'), relativePath: `settings/app/${relative}` });
  };
  assert.deepEqual(summary(at('main.go')), ['config/hardcoded-secret@9 warning', 'port-binding/hardcoded-port@16 error']);
  assert.deepEqual(at('gen/client.go'), []);
  assert.deepEqual(at('api/service.pb.go'), []);
  assert.deepEqual(summary(at('auth_test.go')), ['config/hardcoded-secret@8 warning']);
  assert.deepEqual(at('.twelve-factor.yml'), []);
});

test('settings: the same workspace with a settings file, and with its text edited', async () => {
  const settings = 'rules:\n  disposability/no-graceful-shutdown: off\n  port-binding/hardcoded-port: error\nignore: [gen/**]\ntests: include\n';
  const root = workspace({ '.twelve-factor.yml': settings, 'main.go': MAIN, 'auth_test.go': TEST_FILE, 'gen/main.go': MAIN });
  assert.deepEqual(summary(await analyze(root, 'main.go')), ['config/hardcoded-secret@8 error', 'port-binding/hardcoded-port@12 error']);
  assert.deepEqual(summary(await analyze(root, 'auth_test.go')), ['config/hardcoded-secret@6 error']);
  assert.deepEqual(await analyze(root, 'gen/main.go'), []);
  // The file changes on disk: the next analysis reads the new settings.
  fs.writeFileSync(path.join(root, '.twelve-factor.yml'), 'rules:\n  config/hardcoded-secret: information\n');
  assert.deepEqual(summary(await analyze(root, 'main.go')), ['config/hardcoded-secret@8 information', 'disposability/no-graceful-shutdown@12 warning', 'port-binding/hardcoded-port@12 warning']);
  assert.deepEqual(await analyze(root, 'auth_test.go'), []);
  assert.equal(summary(await analyze(root, 'gen/main.go')).length, 3);
});

test('settings: a configured severity applies to every finding of the rule, even ones the rule gave another', async () => {
  const cache = `package main

import "net/http"

var cache = map[string]string{}

func handler(w http.ResponseWriter, r *http.Request) {
	cache[r.URL.Path] = "ok"
}
`;
  const root = workspace({ 'main.go': cache });
  const byDefault = await analyze(root, 'main.go');
  assert.deepEqual(summary(byDefault), ['processes/in-memory-session@5 information']);
  fs.writeFileSync(path.join(root, '.twelve-factor.yml'), 'rules:\n  processes/in-memory-session: error\n');
  assert.deepEqual(summary(await analyze(root, 'main.go')), ['processes/in-memory-session@5 error']);
});

test('settings: the nearest file at or above the analysed file wins, and none above the root is read', async () => {
  const root = workspace({
    '.twelve-factor.yml': 'rules:\n  port-binding/hardcoded-port: off\n',
    'api/.twelve-factor.yml': 'rules:\n  config/hardcoded-secret: off\n',
    'api/main.go': MAIN,
    'api/internal/server/main.go': MAIN,
    'worker/main.go': MAIN,
    'above/inner/main.go': MAIN,
  });
  const noSecret = ['disposability/no-graceful-shutdown@12 warning', 'port-binding/hardcoded-port@12 warning'];
  assert.deepEqual(summary(await analyze(root, 'api/main.go')), noSecret);
  assert.deepEqual(summary(await analyze(root, 'api/internal/server/main.go')), noSecret);
  assert.deepEqual(summary(await analyze(root, 'worker/main.go')), ['config/hardcoded-secret@8 error', 'disposability/no-graceful-shutdown@12 warning']);
  // Scanning only `above/` (its own root): the settings file in the folder above is out of reach.
  assert.deepEqual(summary(await analyze(path.join(root, 'above'), 'inner/main.go')), DEFAULTS);
  // No relative path: the root is the file's own folder.
  const engine = await testEngine();
  const file = path.join(root, 'worker', 'main.go');
  assert.deepEqual(summary(engine.analyze({ path: file, text: MAIN })), DEFAULTS);
});

test('settings: malformed YAML is reported where it breaks, and the other files are analysed with the defaults', async () => {
  const settings = 'rules:\n  config/hardcoded-secret: off\n  port-binding/hardcoded-port: [error\nignore:\n  - gen/**\n';
  const root = workspace({ '.twelve-factor.yml': settings, 'main.go': MAIN });
  const problems = await analyze(root, '.twelve-factor.yml');
  assert.ok(problems.length > 0);
  assert.ok(problems.every((f) => f.ruleId === 'twelve-factor/invalid-config' && f.severity === 'warning'));
  assert.match(problems[0].message, /^twelve-factor: \.twelve-factor\.yml is not valid YAML \(.+\); its settings are ignored until it is fixed$/);
  // On the flow sequence left open, not where the parser ran out of text.
  assert.deepEqual(problems.map((f) => f.range.start), [{ line: 2, character: 31 }]);
  assert.deepEqual(summary(await analyze(root, 'main.go')), DEFAULTS);
  const engine = await testEngine();
  const unclosedQuote = engine.analyze({ path: path.join(root, '.twelve-factor.yml'), text: 'ignore:\n  - "gen/**\n  - docs/**\n', relativePath: '.twelve-factor.yml' });
  assert.deepEqual(unclosedQuote.map((f) => f.range.start), [{ line: 1, character: 4 }]);
  const badIndent = engine.analyze({ path: path.join(root, '.twelve-factor.yml'), text: 'rules:\n    config/hardcoded-secret: off\n  port-binding/hardcoded-port: off\n', relativePath: '.twelve-factor.yml' });
  assert.deepEqual(badIndent.map((f) => f.range.start.line), [2]);
});

test('settings: an unknown key, rule, severity or tests value is reported on its node; the valid entries still apply', async () => {
  const settings = [
    'rules:', //                                          1
    '  config/hardcoded-secrt: off', //                   2 unknown rule
    '  port-binding/hardcoded-port: warn', //             3 unknown severity
    '  disposability/no-graceful-shutdown: off', //       4 valid
    'ignore:', //                                         5
    '  - ""', //                                          6 empty glob
    '  - gen/**', //                                      7 valid
    'tests: always', //                                   8 unknown value
    'exclude:', //                                        9 unknown key
    '  - vendor/**',
    '',
  ].join('\n');
  const root = workspace({ '.twelve-factor.yml': settings, 'main.go': MAIN, 'gen/main.go': MAIN, 'auth_test.go': TEST_FILE });
  const problems = await analyze(root, '.twelve-factor.yml');
  assert.deepEqual(
    problems.map((f) => [f.range.start.line + 1, f.range.start.character, f.range.end.character, f.message.replace(/^twelve-factor: /, '')]),
    [
      [2, 2, 24, "unknown rule 'config/hardcoded-secrt'; did you mean config/hardcoded-secret?"],
      [3, 31, 35, 'the setting of port-binding/hardcoded-port must be off, information, warning or error'],
      [6, 4, 6, 'an ignore entry must be a non-empty glob'],
      [8, 7, 13, 'tests must be skip or include'],
      [9, 0, 7, "unknown setting 'exclude'; the settings are rules, ignore, tests"],
    ],
  );
  assert.deepEqual(summary(await analyze(root, 'main.go')), ['config/hardcoded-secret@8 error', 'port-binding/hardcoded-port@12 warning']);
  assert.deepEqual(await analyze(root, 'gen/main.go'), []);
  assert.deepEqual(await analyze(root, 'auth_test.go'), []);
});

test('settings: the wrong shapes are reported, an empty file or one with only comments is fine', async () => {
  const root = workspace({ 'main.go': MAIN });
  const engine = await testEngine();
  const check = (text: string): string[] =>
    engine.analyze({ path: path.join(root, '.twelve-factor.yml'), text, relativePath: '.twelve-factor.yml' }).map((f) => `${f.range.start.line + 1}: ${f.message.replace(/^twelve-factor: /, '')}`);
  assert.deepEqual(check(''), []);
  assert.deepEqual(check('# nothing configured yet\n'), []);
  assert.deepEqual(check('rules:\nignore:\n'), []);
  assert.deepEqual(check('- rules\n'), ['1: .twelve-factor.yml must be a map with the keys rules, ignore, tests']);
  assert.deepEqual(check('rules: [config/hardcoded-secret]\nignore: gen/**\n'), [
    '1: rules must be a map of rule id to off, information, warning or error',
    '2: ignore must be a list of globs (relative to the folder of .twelve-factor.yml)',
  ]);
  assert.deepEqual(check('rule:\n  config/hardcoded-secret: off\n'), ["1: unknown setting 'rule'; did you mean rules?; the settings are rules, ignore, tests"]);
  assert.deepEqual(check('rules:\n  config/hardcoded-secret: off\nrules:\n  config/hardcoded-secret: error\n').length, 1, 'a key given twice is malformed');
});

test('settings: the unsaved text of .twelve-factor.yml is what is checked, and its comments take directives', async () => {
  const root = workspace({ '.twelve-factor.yml': 'rules: {}\n', 'main.go': MAIN });
  const engine = await testEngine();
  const file = path.join(root, '.twelve-factor.yml');
  const text = 'rules:\n  # twelve-factor-ignore-next-line twelve-factor/invalid-config -- a rule of the next release\n  config/not-yet: off\n  nope/nothing: off\n';
  assert.deepEqual(engine.analyze({ path: file, text, relativePath: '.twelve-factor.yml' }).map((f) => f.range.start.line + 1), [4]);
});

test('overrides: editor settings win over .twelve-factor.yml, which wins over the defaults', async () => {
  const root = workspace({ '.twelve-factor.yml': 'rules:\n  port-binding/hardcoded-port: error\n  disposability/no-graceful-shutdown: off\n', 'main.go': MAIN, 'gen/main.go': MAIN });
  const withSettings = ['config/hardcoded-secret@8 error', 'port-binding/hardcoded-port@12 error'];
  assert.deepEqual(summary(await analyze(root, 'main.go')), withSettings);
  const overridden = await analyze(root, 'main.go', {
    overrides: { rules: { 'port-binding/hardcoded-port': 'information', 'disposability/no-graceful-shutdown': 'error', 'config/hardcoded-secret': 'off' } },
  });
  assert.deepEqual(summary(overridden), ['disposability/no-graceful-shutdown@12 error', 'port-binding/hardcoded-port@12 information']);
  // A value that is no severity is ignored: the settings file decides.
  assert.deepEqual(summary(await analyze(root, 'main.go', { overrides: { rules: { 'port-binding/hardcoded-port': 'warn' } } })), withSettings);
  // Excludes are relative to the workspace root.
  assert.deepEqual(await analyze(root, 'gen/main.go', { overrides: { exclude: ['gen/**'] } }), []);
  assert.deepEqual(await analyze(root, 'main.go', { overrides: { exclude: ['*.go'] } }), []);
  assert.equal((await analyze(root, 'main.go', { overrides: { exclude: ['gen/**'] } })).length, 2);
});

test('settings: a literal whose first rule is off goes to the next literal rule that applies', async () => {
  const text = 'package main\n\nimport "database/sql"\n\nfunc main() {\n\tsql.Open("postgres", "postgres://app:s3cr3t@db.internal:5432/app")\n}\n';
  const root = workspace({ 'main.go': text });
  const rulesOnLine = async (overrides?: AnalyzeInput['overrides']): Promise<string[]> =>
    (await analyze(root, 'main.go', { overrides })).filter((f) => f.range.start.line === 5).map((f) => f.ruleId);
  assert.deepEqual(await rulesOnLine(), ['config/credential-in-url']);
  assert.deepEqual(await rulesOnLine({ rules: { 'config/credential-in-url': 'off' } }), ['config/hardcoded-connection-string']);
});

test('settings: .twelve-factor.yml is a file kind of its own', () => {
  assert.equal(languageOf('/app/.twelve-factor.yml'), 'twelve-factor-config');
  assert.equal(languageOf('/app/.twelve-factor.yaml'), 'twelve-factor-config');
  assert.equal(languageOf('/app/twelve-factor.yml'), 'yaml');
});

test('globs: ** spans folders, * one name part, a name without / matches at any depth, a folder covers its files', () => {
  const matches = (glob: string, ...paths: string[]): boolean[] => paths.map((p) => GlobSet.of([glob]).matches(p));
  assert.deepEqual(matches('gen/**', 'gen/a.go', 'gen/x/y/a.go', 'src/gen/a.go', 'generated/a.go'), [true, true, false, false]);
  assert.deepEqual(matches('*.pb.go', 'a.pb.go', 'api/v1/a.pb.go', 'a.go'), [true, true, false]);
  assert.deepEqual(matches('/*.go', 'main.go', 'cmd/main.go'), [true, false]);
  assert.deepEqual(matches('cmd/*/main.go', 'cmd/api/main.go', 'cmd/api/x/main.go'), [true, false]);
  assert.deepEqual(matches('**/testdata/**', 'testdata/a.go', 'x/testdata/y/a.go'), [true, true]);
  assert.deepEqual(matches('internal/legacy', 'internal/legacy/db.go', 'internal/legacy2/db.go'), [true, false]);
  assert.deepEqual(matches('deploy/', 'deploy/k8s/app.yaml'), [true]);
  assert.deepEqual(matches('a?c.go', 'abc.go', 'a/c.go'), [true, false]);
  assert.deepEqual(matches('./scripts/*.sh', 'scripts/run.sh'), [true]);
});
