// Annotated fixtures, semgrep style: `ruleid: <rule>` in a comment marks the next code line as one
// that must be flagged by that rule, `ok: <rule>` as one that must not. Every finding on a fixture
// must be annotated: nothing missing, nothing extra.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { RULES, languageOf } from '../../server/src/engine';
import { parseAnnotations } from '../helpers/annotations';
import { FIXTURES, testEngine } from '../helpers/engine';

/** Fixture trees with other purposes (fix inputs, multi-app workspaces) are checked by their own tests. */
const OWN_RUNNERS = new Set(['fixes', 'workspaces', 'scorecard']);

function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!(dir === FIXTURES && OWN_RUNNERS.has(entry.name))) out.push(...fixtureFiles(abs));
    } else if (languageOf(abs)) out.push(abs);
  }
  return out.sort();
}

const files = fixtureFiles(FIXTURES);
const annotated = new Map<string, { ruleid: number; ok: number }>();

for (const file of files) {
  const relative = path.relative(FIXTURES, file);
  test(`fixture ${relative}`, async () => {
    const engine = await testEngine();
    const text = fs.readFileSync(file, 'utf8');
    const { expected, forbidden } = parseAnnotations(text);
    // Paths are judged relative to the fixture tree, so `x_test.go` or `testdata/` inside it are test code.
    const findings = engine.analyze({ path: file, text, relativePath: relative.split(path.sep).slice(1).join('/') });
    const problems: string[] = [];
    const found = new Map<number, Set<string>>();
    for (const f of findings) {
      const line = f.range.start.line;
      const set = found.get(line) ?? new Set<string>();
      set.add(f.ruleId);
      found.set(line, set);
      if (!expected.get(line)?.has(f.ruleId)) problems.push(`unexpected ${f.ruleId} at ${relative}:${line + 1}: ${f.message}`);
    }
    for (const [line, rules] of expected) {
      for (const rule of rules) {
        if (!RULES.some((r) => r.meta.id === rule)) problems.push(`unknown rule ${rule} annotated at ${relative}:${line + 1}`);
        if (!found.get(line)?.has(rule)) problems.push(`missing ${rule} at ${relative}:${line + 1}`);
        bump(rule, 'ruleid');
      }
    }
    for (const [line, rules] of forbidden) {
      for (const rule of rules) {
        if (found.get(line)?.has(rule)) problems.push(`forbidden ${rule} reported at ${relative}:${line + 1}`);
        bump(rule, 'ok');
      }
    }
    assert.deepEqual(problems, []);
  });
}

function bump(rule: string, kind: 'ruleid' | 'ok'): void {
  const counts = annotated.get(rule) ?? { ruleid: 0, ok: 0 };
  counts[kind]++;
  annotated.set(rule, counts);
}

test('every rule has fixtures that must flag and fixtures that must not', async () => {
  // Runs after the fixture tests above (node:test runs top-level tests in order).
  // App-level rules judge a whole app (no git work tree, no process types): fixtures inside this
  // repository cannot be outside git, so test/unit/app-level.test.ts covers them with temp folders.
  const missing = RULES.filter((r) => !r.meta.appLevel).filter((r) => {
    const counts = annotated.get(r.meta.id);
    return !counts || counts.ruleid === 0 || counts.ok === 0;
  }).map((r) => r.meta.id);
  assert.deepEqual(missing, []);
});
