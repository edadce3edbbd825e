// The non-Go fixes (exec form, pin image, .gitignore / .env.example) and the suppressions offered on
// every rule, applied through the engine to copies of the fixtures under test/fixtures/fixes/: the
// finding is gone, nothing new is flagged, the written files match the reviewed snapshots (`expected/`
// beside `input/`; UPDATE_SNAPSHOTS=1 rewrites them), and Go outputs still build, vet and are gofmt-clean.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, test } from 'node:test';
import { languageOf, type CodeAction, type Finding, type Fix } from '../../server/src/engine';
import { settingsDisable } from '../../server/src/engine/fixes/suppress';
import { FIXTURES, testEngine } from '../helpers/engine';
import { applyChanges, applyEdits, copyFixture, goBuildAndVet, gofmtUnformatted, snapshotMismatches } from '../helpers/fixes';

const CASES = path.join(FIXTURES, 'fixes');

interface Applied {
  root: string;
  written: string[];
  fix: Fix;
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** What a file's findings say, without where (the fix moves lines). */
async function findingsOf(root: string, file: string): Promise<string[]> {
  const engine = await testEngine();
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (text === undefined || !languageOf(file)) return [];
  return engine.analyze({ path: file, text, relativePath: relative(root, file) }).map((f) => `${f.ruleId}: ${f.message}`).sort();
}

async function actionsOn(root: string, file: string, ruleId: string): Promise<{ finding: Finding; actions: CodeAction[] }> {
  const engine = await testEngine();
  const input = { path: file, text: fs.readFileSync(file, 'utf8'), relativePath: relative(root, file) };
  const finding = engine.analyze(input).find((f) => f.ruleId === ruleId);
  assert.ok(finding, `no ${ruleId} finding in ${input.relativePath}`);
  return { finding, actions: engine.codeActions(input, [finding]) };
}

function fixesOf(actions: readonly CodeAction[]): Fix[] {
  return actions.flatMap((a) => (a.kind === 'fix' ? [a.fix] : []));
}

/**
 * Copies `<group>/<name>/input`, applies the fix titled like `title` on the `ruleId` finding in `file`,
 * and checks: that finding gone (unless `keepsFinding`: a companion fix such as creating .env.example),
 * no other finding added in any file written, the snapshot matched.
 */
async function applyFix(group: string, name: string, file: string, ruleId: string, title: RegExp, keepsFinding = false): Promise<Applied> {
  const caseDir = path.join(CASES, group, name);
  const root = copyFixture(path.join(caseDir, 'input'));
  const target = path.join(root, file);
  const { finding, actions } = await actionsOn(root, target, ruleId);
  const fix = fixesOf(actions).find((f) => title.test(f.title));
  assert.ok(fix, `no fix titled ${title} among ${fixesOf(actions).map((f) => f.title).join(' | ')}`);
  const touched = [...new Set([target, ...fix.changes.map((c) => c.path)])];
  const before = new Map<string, string[]>();
  for (const f of touched) before.set(f, await findingsOf(root, f));
  const written = applyChanges(fix.changes);
  const gone = `${finding.ruleId}: ${finding.message}`;
  for (const f of touched) {
    const expected = (before.get(f) ?? []).filter((m) => keepsFinding || !(f === target && m === gone));
    assert.deepEqual(await findingsOf(root, f), expected, `findings of ${relative(root, f)} after "${fix.title}"`);
  }
  assert.deepEqual(snapshotMismatches(root, written, path.join(caseDir, 'expected')), []);
  return { root, written, fix };
}

function read(root: string, file: string): string {
  return fs.readFileSync(path.join(root, file), 'utf8');
}

describe('convert to exec form', () => {
  const rule = 'disposability/shell-form-entrypoint';

  test('a plain command becomes its argument vector; the fix is preferred and safe', async () => {
    const { root, fix } = await applyFix('exec-form', 'plain', 'Dockerfile', rule, /Convert CMD to exec form/);
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.safe, true);
    assert.match(read(root, 'Dockerfile'), /^CMD \["server", "--port", "8080"\]$/m);
  });

  test('shell features keep the shell, which execs the last command', async () => {
    const { root } = await applyFix('exec-form', 'shell-features', 'Dockerfile', rule, /exec form/);
    assert.match(read(root, 'Dockerfile'), /^CMD \["\/bin\/sh", "-c", "migrate up && exec server --port \\"\$PORT\\""\]$/m);
  });

  test('a continued instruction becomes one line', async () => {
    const { root } = await applyFix('exec-form', 'continuation', 'Dockerfile', rule, /Convert ENTRYPOINT/);
    assert.match(read(root, 'Dockerfile'), /^ENTRYPOINT \["server", "--verbose", "--port", "8080"\]\n$/m);
  });

  test('an ENTRYPOINT next to a CMD goes through sh -c, so the CMD stays ignored as before', async () => {
    const { root } = await applyFix('exec-form', 'entrypoint-with-cmd', 'Dockerfile', rule, /Convert ENTRYPOINT/);
    assert.match(read(root, 'Dockerfile'), /^ENTRYPOINT \["\/bin\/sh", "-c", "exec server --config \/etc\/server.yml"\]$/m);
  });

  test('the SHELL the shell form ran under is kept', async () => {
    const { root } = await applyFix('exec-form', 'custom-shell', 'Dockerfile', rule, /exec form/);
    assert.match(read(root, 'Dockerfile'), /^CMD \["\/bin\/bash", "-o", "pipefail", "-c", "migrate up && exec server"\]$/m);
  });

  test('quotes and backslashes are JSON-escaped, and the array reads back as the words the shell saw', async () => {
    const { root } = await applyFix('exec-form', 'json-escaping', 'Dockerfile', rule, /exec form/);
    const array = /^CMD (\[.*\])$/m.exec(read(root, 'Dockerfile'))?.[1];
    assert.deepEqual(JSON.parse(array ?? 'null'), ['server', '--greeting', 'say "hi" \\ back', '--path', 'C:\\data']);
  });
});

describe('pin image', () => {
  test('a FROM image gets the tag another Dockerfile of the workspace uses', async () => {
    const { root } = await applyFix('pin-image', 'other-dockerfile', 'Dockerfile', 'build-release-run/unpinned-base-image', /Pin golang to golang:1\.23-alpine/);
    assert.match(read(root, 'Dockerfile'), /^FROM golang:1\.23-alpine AS build$/m);
  });

  test('a compose image gets the tag a Kubernetes manifest uses, however the registry is spelt; the comment stays', async () => {
    const { root } = await applyFix('pin-image', 'compose-from-k8s', 'docker-compose.yml', 'dev-prod-parity/unpinned-service-image', /Pin redis to redis:7\.2/);
    assert.match(read(root, 'docker-compose.yml'), /^ {4}image: redis:7\.2 # the same cache the cluster runs$/m);
  });

  test('a quoted image stays quoted', async () => {
    const { root } = await applyFix('pin-image', 'quoted', 'compose.yaml', 'dev-prod-parity/unpinned-service-image', /postgres:16\.4/);
    assert.match(read(root, 'compose.yaml'), /^ {4}image: "postgres:16\.4"$/m);
  });

  test('with no tag in the workspace there is no pin to offer', async () => {
    const root = copyFixture(path.join(CASES, 'pin-image', 'none', 'input'));
    const { actions } = await actionsOn(root, path.join(root, 'Dockerfile'), 'build-release-run/unpinned-base-image');
    assert.deepEqual(fixesOf(actions).filter((f) => /^Pin/.test(f.title)), []);
  });
});

describe('committed env file', () => {
  const rule = 'config/committed-env-file';

  test('.gitignore is created when there is none, with the file name', async () => {
    const { root, fix } = await applyFix('env-file', 'no-gitignore', '.env', rule, /Add \.env to \.gitignore/);
    assert.equal(fix.isPreferred, true);
    assert.equal(read(root, '.gitignore'), '.env\n');
  });

  test('.env.example gets the keys and comments, no value, and no credential from a comment', async () => {
    // It documents the keys; the .gitignore line is what resolves the finding.
    const { root } = await applyFix('env-file', 'no-gitignore', '.env', rule, /Create \.env\.example/, true);
    const example = read(root, '.env.example');
    assert.equal(example, '# Local settings for the API\nDATABASE_URL=\nexport API_KEY=\nPORT=\n\n# STRIPE_KEY=\nLOG_LEVEL=\n');
  });

  test('a .gitignore without a final newline gets the line on a line of its own', async () => {
    const { root } = await applyFix('env-file', 'gitignore-no-newline', '.env', rule, /\.gitignore/);
    assert.equal(read(root, '.gitignore'), 'node_modules/\n*.log\n.env\n');
  });

  test('a multi-line value is left out whole', async () => {
    const { root } = await applyFix('env-file', 'multiline-secret', '.env', rule, /Create \.env\.example/, true);
    assert.equal(read(root, '.env.example'), 'APP_NAME=\nTLS_KEY=\nSESSION_SECRET=\n');
  });

  test('an existing .env.example gets only the keys it lacks', async () => {
    const { root } = await applyFix('env-file', 'existing-example', '.env', rule, /missing keys of \.env to \.env\.example/, true);
    assert.equal(read(root, '.env.example'), '# Copy to .env and fill in\nDATABASE_URL=\nSMTP_HOST=\nSMTP_PASSWORD=\n');
  });

  test('no second line when .gitignore already names the file', async () => {
    const root = copyFixture(path.join(CASES, 'env-file', 'gitignore-no-newline', 'input'));
    fs.appendFileSync(path.join(root, '.gitignore'), '\n!.env\n.env\n!.env\n');
    const { actions } = await actionsOn(root, path.join(root, '.env'), rule);
    assert.deepEqual(fixesOf(actions).filter((f) => /gitignore/.test(f.title)), []);
  });
});

describe('suppressions', () => {
  const dsnRule = 'config/credential-in-url';

  function assertGoBuilds(root: string, written: string[]): void {
    const build = goBuildAndVet(root);
    assert.ok(build.ok, build.output);
    assert.deepEqual(gofmtUnformatted(written), []);
  }

  test('Go, this line: a directive indented like the line; the program still builds', async () => {
    const { root, written } = await applyFix('suppress', 'go-line', 'main.go', dsnRule, /Ignore config\/credential-in-url for this line/);
    assert.match(read(root, 'main.go'), /^\t\t\/\/ twelve-factor-ignore-next-line config\/credential-in-url\n\t\tdb, err := sql\.Open/m);
    assertGoBuilds(root, written);
  });

  test('Go, this line, in aligned key: value lines: both halves realigned as gofmt prints them', async () => {
    const { root, written } = await applyFix('suppress', 'go-aligned', 'main.go', dsnRule, /for this line/);
    assert.match(read(root, 'main.go'), /\t\tName: "billing",\n\t\t\/\/ twelve-factor-ignore-next-line config\/credential-in-url\n\t\tDatabaseURL: "postgres/);
    assertGoBuilds(root, written);
  });

  test('Go, this file: after the package clause and its comment, not the package doc', async () => {
    const { root, written } = await applyFix('suppress', 'go-file', 'main.go', dsnRule, /in this file/);
    assert.match(read(root, 'main.go'), /^package main \/\/ the binary\n\n\/\/ twelve-factor-ignore-file config\/credential-in-url\n\nimport/m);
    assertGoBuilds(root, written);
  });

  test('Go: a directive already above the line gets the rule added, its reason kept', async () => {
    const { root, written } = await applyFix('suppress', 'go-existing-directive', 'main.go', dsnRule, /for this line/);
    assert.match(read(root, 'main.go'), /\/\/ twelve-factor-ignore-next-line backing-services\/hardcoded-address, config\/credential-in-url -- local fixture\n/);
    assertGoBuilds(root, written);
  });

  test('Go: a line that starts inside a raw string gets no line directive (it would be text), only the file one', async () => {
    const root = copyFixture(path.join(CASES, 'suppress', 'go-raw-string', 'input'));
    const { actions } = await actionsOn(root, path.join(root, 'main.go'), dsnRule);
    const titles = fixesOf(actions).map((f) => f.title);
    assert.ok(!titles.some((t) => /for this line/.test(t)), titles.join(' | '));
    assert.ok(titles.some((t) => /in this file/.test(t)), titles.join(' | '));
    const { written } = await applyFix('suppress', 'go-raw-string', 'main.go', dsnRule, /in this file/);
    assertGoBuilds(path.dirname(written[0]), written);
  });

  test('Go: a finding on a directive comment (an unknown rule) gets no line directive, which would skip the comment', async () => {
    const engine = await testEngine();
    const root = copyFixture(path.join(CASES, 'suppress', 'go-file', 'input'));
    const file = path.join(root, 'main.go');
    const text = 'package main\n\nfunc main() {\n\t// twelve-factor-ignore-next-line config/no-such-rule\n\tprintln()\n}\n';
    const input = { path: file, text, relativePath: 'main.go' };
    const finding = engine.analyze(input).find((f) => f.ruleId === 'twelve-factor/unknown-rule');
    assert.ok(finding);
    const titles = fixesOf(engine.codeActions(input, [finding])).map((f) => f.title);
    assert.deepEqual(titles, ['Ignore twelve-factor/unknown-rule in this file', 'Disable twelve-factor/unknown-rule in .twelve-factor.yml']);
  });

  test('YAML: a # directive indented like the key', async () => {
    const { root } = await applyFix('suppress', 'compose-line', 'docker-compose.yml', dsnRule, /for this line/);
    assert.match(read(root, 'docker-compose.yml'), /^ {6}# twelve-factor-ignore-next-line config\/credential-in-url\n {6}QUEUE_URL:/m);
  });

  test('Dockerfile, this file: after the parser directives, which must stay first', async () => {
    const { root } = await applyFix('suppress', 'dockerfile-file', 'Dockerfile', 'disposability/shell-form-entrypoint', /in this file/);
    assert.match(read(root, 'Dockerfile'), /^# syntax=docker\/dockerfile:1\n# escape=\\\n# twelve-factor-ignore-file disposability\/shell-form-entrypoint\nFROM/);
  });

  test('shell script, this file: after the shebang', async () => {
    const { root } = await applyFix('suppress', 'shell-file', 'scripts/install.sh', 'dependencies/curl-pipe-shell', /in this file/);
    assert.match(read(root, 'scripts/install.sh'), /^#!\/bin\/sh\n# twelve-factor-ignore-file dependencies\/curl-pipe-shell\nset -eu/);
  });

  test('.twelve-factor.yml is edited where it exists: the rule set off, comments, indentation and other keys kept', async () => {
    const { root } = await applyFix('suppress', 'settings-edit', 'api/Dockerfile', 'disposability/shell-form-entrypoint', /Disable disposability\/shell-form-entrypoint in \.twelve-factor\.yml/);
    assert.equal(
      read(root, '.twelve-factor.yml'),
      '# Settings for the whole repository.\nrules:\n    config/scattered-env-access: off   # we read env in two places on purpose\n    disposability/shell-form-entrypoint: off\nignore:\n- gen/**\n',
    );
  });

  test('.twelve-factor.yml is created at the workspace root when there is none', async () => {
    const { root } = await applyFix('suppress', 'settings-create', 'api/Dockerfile', 'disposability/shell-form-entrypoint', /Disable .* in \.twelve-factor\.yml/);
    assert.equal(read(root, '.twelve-factor.yml'), 'rules:\n  disposability/shell-form-entrypoint: off\n');
  });

  test('an editor setting for the rule wins over the file, so disabling it there is not offered', async () => {
    const engine = await testEngine();
    const root = copyFixture(path.join(CASES, 'suppress', 'settings-create', 'input'));
    const file = path.join(root, 'api', 'Dockerfile');
    const input = { path: file, text: read(root, 'api/Dockerfile'), relativePath: 'api/Dockerfile', overrides: { rules: { 'disposability/shell-form-entrypoint': 'error' } } };
    const finding = engine.analyze(input).find((f) => f.ruleId === 'disposability/shell-form-entrypoint');
    assert.ok(finding);
    assert.ok(!fixesOf(engine.codeActions(input, [finding])).some((f) => /\.twelve-factor\.yml/.test(f.title)));
  });

  test('package.json has no comments: no line or file directive, but the settings file and the docs', async () => {
    const engine = await testEngine();
    const root = copyFixture(path.join(CASES, 'suppress', 'settings-create', 'input'));
    const file = path.join(root, 'package.json');
    const text = '{\n  "name": "web",\n  "dependencies": {\n    "express": "*"\n  }\n}\n';
    fs.writeFileSync(file, text);
    const input = { path: file, text, relativePath: 'package.json' };
    const finding = engine.analyze(input).find((f) => f.ruleId === 'dependencies/unpinned-version');
    assert.ok(finding);
    const titles = engine.codeActions(input, [finding]).map((a) => (a.kind === 'fix' ? a.fix.title : a.title));
    assert.deepEqual(titles, ['Disable dependencies/unpinned-version in .twelve-factor.yml', 'Show documentation for dependencies/unpinned-version']);
  });
});

describe('code actions and fix all', () => {
  test('per rule: the fix (preferred) first, then line, file and settings suppressions, then the docs', async () => {
    const root = copyFixture(path.join(CASES, 'exec-form', 'plain', 'input'));
    const { actions } = await actionsOn(root, path.join(root, 'Dockerfile'), 'disposability/shell-form-entrypoint');
    const rule = 'disposability/shell-form-entrypoint';
    assert.deepEqual(
      actions.map((a) => (a.kind === 'fix' ? a.fix.title : a.title)),
      ['Convert CMD to exec form', `Ignore ${rule} for this line`, `Ignore ${rule} in this file`, `Disable ${rule} in .twelve-factor.yml`, `Show documentation for ${rule}`],
    );
    const docs = actions[actions.length - 1];
    assert.ok(docs.kind === 'docs');
    assert.equal(docs.docs.path, `docs/rules/${rule}.md`);
    assert.ok(fs.existsSync(path.join(FIXTURES, '..', '..', docs.docs.path)), 'the doc exists');
    assert.equal(docs.docs.url, 'https://12factor.net/disposability');
  });

  test('several findings: grouped by rule in order, one file/settings/docs action per rule', async () => {
    const engine = await testEngine();
    const root = copyFixture(path.join(CASES, 'pin-image', 'none', 'input'));
    const file = path.join(root, 'Dockerfile');
    const text = 'FROM node:latest\nFROM node\nCMD node server.js\n';
    const image = 'build-release-run/unpinned-base-image';
    const shell = 'disposability/shell-form-entrypoint';
    const input = { path: file, text, relativePath: 'Dockerfile' };
    const findings = engine.analyze(input).filter((f) => f.ruleId === image || f.ruleId === shell);
    const titles = engine.codeActions(input, findings).map((a) => (a.kind === 'fix' ? a.fix.title : a.title));
    assert.deepEqual(titles, [
      `Ignore ${image} for this line`,
      `Ignore ${image} for this line`,
      `Ignore ${image} in this file`,
      `Disable ${image} in .twelve-factor.yml`,
      `Show documentation for ${image}`,
      'Convert CMD to exec form',
      `Ignore ${shell} for this line`,
      `Ignore ${shell} in this file`,
      `Disable ${shell} in .twelve-factor.yml`,
      `Show documentation for ${shell}`,
    ]);
  });

  test('fix all applies only the safe fixes: the exec form, not the pin', async () => {
    const engine = await testEngine();
    const root = copyFixture(path.join(CASES, 'pin-image', 'other-dockerfile', 'input'));
    const file = path.join(root, 'Dockerfile');
    const text = 'FROM golang\nCMD server --port 8080\n';
    const edits = engine.fixAll({ path: file, text, relativePath: 'Dockerfile' });
    assert.equal(applyEdits(text, edits), 'FROM golang\nCMD ["server", "--port", "8080"]\n');
    assert.deepEqual(engine.fixAll({ path: file, text: 'FROM golang:1.23\nCMD ["server"]\n', relativePath: 'Dockerfile' }), []);
  });
});

describe('disable in .twelve-factor.yml, other shapes of the file', () => {
  const rule = 'disposability/shell-form-entrypoint';
  const disabled = (text: string): string | undefined => {
    const fix = settingsDisable(rule, { path: '/ws/.twelve-factor.yml', text });
    const change = fix?.changes[0];
    return change?.kind === 'edit' ? applyEdits(text, change.edits) : undefined;
  };

  test('a rule already set gets off in place of its severity, its comment kept', () => {
    assert.equal(disabled(`rules:\n  ${rule}: error # loud\n`), `rules:\n  ${rule}: off # loud\n`);
  });

  test('no rules key: appended, the other keys and comments untouched', () => {
    assert.equal(disabled('# ours\ntests: include\n'), `# ours\ntests: include\nrules:\n  ${rule}: off\n`);
    assert.equal(disabled('tests: include'), `tests: include\nrules:\n  ${rule}: off\n`);
  });

  test('an empty rules key or an empty file', () => {
    assert.equal(disabled('rules:\ntests: skip\n'), `rules:\n  ${rule}: off\ntests: skip\n`);
    assert.equal(disabled('# nothing yet\n'), `# nothing yet\nrules:\n  ${rule}: off\n`);
  });

  test('a flow map is printed again with the rule in it', () => {
    assert.equal(disabled('rules: {config/scattered-env-access: off}\n'), `rules: { config/scattered-env-access: off, ${rule}: off }\n`);
  });

  test('a settings file that does not parse, or is not a map, is left alone', () => {
    assert.equal(settingsDisable(rule, { path: '/ws/.twelve-factor.yml', text: 'rules: [\n' }), undefined);
    assert.equal(settingsDisable(rule, { path: '/ws/.twelve-factor.yml', text: '- a\n- b\n' }), undefined);
  });
});
