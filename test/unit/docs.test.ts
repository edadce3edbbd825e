// Per-rule docs under docs/rules/: one for every rule the engine reports (and no other), naming the
// rule, its factor and its default severity as the rule's meta does, showing both suppression forms,
// with examples the engine really judges as the doc says; and an index that is up to date.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { test } from 'node:test';
import { ALL_RULE_METAS, factorOf, type RuleMeta } from '../../server/src/engine';
import { examples, type ExampleFile } from '../helpers/doc-examples';
import { REPO_ROOT, testEngine } from '../helpers/engine';

const DOCS = path.join(REPO_ROOT, 'docs', 'rules');

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) return markdownFiles(abs);
    return e.name.endsWith('.md') ? [abs] : [];
  });
}

/** The value of a `| Name | value |` row of the doc's header table. */
function row(doc: string, name: string): string | undefined {
  return new RegExp(`^\\| ${name} \\| (.+) \\|$`, 'm').exec(doc)?.[1];
}

function expectedFactor(meta: RuleMeta): string {
  if (meta.engine) return "none: it checks twelve-factor's own settings";
  const factor = factorOf(meta.factor);
  return `[${factor.numeral} ${factor.title}](${factor.url})`;
}

/** Rule ids reported over a workspace made of the example files (a go.mod added unless one is given). */
async function rulesReported(files: ExampleFile[]): Promise<Set<string>> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-docs-'));
  // A repository root of its own: rules that look for the app's Dockerfile or root stop here.
  fs.mkdirSync(path.join(root, '.git'));
  const all = files.some((f) => f.file === 'go.mod') ? files : [{ file: 'go.mod', text: 'module example.com/app\n\ngo 1.23\n' }, ...files];
  for (const f of all) {
    fs.mkdirSync(path.dirname(path.join(root, f.file)), { recursive: true });
    fs.writeFileSync(path.join(root, f.file), f.text);
  }
  const engine = await testEngine();
  const reported = new Set<string>();
  for (const f of files) {
    for (const finding of engine.analyze({ path: path.join(root, f.file), text: f.text, relativePath: f.file })) reported.add(finding.ruleId);
  }
  return reported;
}

test('docs: every rule has a doc naming it, its factor and default severity, with both ways to suppress it', () => {
  const problems: string[] = [];
  for (const meta of ALL_RULE_METAS) {
    assert.equal(meta.docs, `docs/rules/${meta.id}.md`);
    const file = path.join(REPO_ROOT, meta.docs);
    if (!fs.existsSync(file)) {
      problems.push(`${meta.id}: no ${meta.docs}`);
      continue;
    }
    const doc = fs.readFileSync(file, 'utf8');
    if (doc.split('\n')[0] !== `# ${meta.id}`) problems.push(`${meta.id}: the title is not "# ${meta.id}"`);
    if (row(doc, 'Factor') !== expectedFactor(meta)) problems.push(`${meta.id}: factor row is ${row(doc, 'Factor')}, not ${expectedFactor(meta)}`);
    if (row(doc, 'Default severity') !== meta.severity) problems.push(`${meta.id}: default severity row is ${row(doc, 'Default severity')}, not ${meta.severity}`);
    for (const form of [`twelve-factor-ignore-next-line ${meta.id}`, `twelve-factor-ignore-file ${meta.id}`, `  ${meta.id}: off`]) {
      if (!doc.includes(form)) problems.push(`${meta.id}: the doc does not show \`${form}\``);
    }
  }
  assert.deepEqual(problems, []);
});

test('docs: every doc under docs/rules is the doc of a registered rule', () => {
  const ids = new Set(ALL_RULE_METAS.map((m) => m.id));
  const orphans = markdownFiles(DOCS)
    .map((f) => path.relative(DOCS, f).split(path.sep).join('/'))
    .filter((f) => f !== 'README.md' && !ids.has(f.replace(/\.md$/, '')));
  assert.deepEqual(orphans, []);
});

for (const meta of ALL_RULE_METAS) {
  test(`docs: the examples of ${meta.id} are judged as its doc says`, async (t) => {
    const file = path.join(REPO_ROOT, `docs/rules/${meta.id}.md`);
    if (!fs.existsSync(file)) return t.skip('no doc (reported above)');
    // Examples run inside a repository of their own; whether an app is in git at all is tested with
    // temp folders in test/unit/app-level.test.ts.
    if (meta.id === 'codebase/no-version-control') return t.skip('judged outside any repository: app-level.test.ts');
    const { flagged, notFlagged } = examples(fs.readFileSync(file, 'utf8'));
    assert.ok(flagged.length > 0 && notFlagged.length > 0, 'the doc has a Flagged and a Not flagged example');
    assert.ok((await rulesReported(flagged)).has(meta.id), 'the Flagged example is flagged');
    assert.ok(!(await rulesReported(notFlagged)).has(meta.id), 'the Not flagged example is not flagged');
  });
}

test('docs: docs/rules/README.md is what scripts/rules-index.mjs generates', () => {
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'rules-index.mjs'), '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr || run.stdout);
});
