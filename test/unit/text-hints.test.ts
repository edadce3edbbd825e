// Rules' text hints (RuleMeta.textHint) are necessary conditions: a hint that does not hold where its
// rule reports would make the engine skip the rule there. Every fixture line a rule must flag, and
// every Flagged example of its doc, is text its hint must accept.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { RULES, languageOf } from '../../server/src/engine';
import { decodeEscapes, FolderHints, HintText, hintHolds, withoutGoComments, type FolderView } from '../../server/src/engine/text-hints';
import { parseAnnotations } from '../helpers/annotations';
import { examples } from '../helpers/doc-examples';
import { FIXTURES, REPO_ROOT } from '../helpers/engine';

const disk: FolderView = {
  listDir: (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir) : undefined),
  readFile: (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined),
};

/** Whether a rule's hint lets it run on a file, its folder read through `view`. */
function hintAccepts(ruleId: string, file: string, text: string, view: FolderView): boolean {
  const meta = RULES.find((r) => r.meta.id === ruleId)!.meta;
  const hintText = new HintText(text, languageOf(file) === 'go');
  const folder = new FolderHints(view);
  return hintHolds(meta.textHint, languageOf(file)!, hintText, (p) => hintText.matches(p) || folder.anyMatches(path.dirname(file), file, p));
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test('text hints: every rule with a hint accepts each fixture file where it must flag a line', () => {
  const rejected: string[] = [];
  let checked = 0;
  for (const file of filesUnder(FIXTURES).filter((f) => languageOf(f))) {
    const text = fs.readFileSync(file, 'utf8');
    const flagging = new Set([...parseAnnotations(text).expected.values()].flatMap((rules) => [...rules]));
    for (const ruleId of flagging) {
      if (!RULES.find((r) => r.meta.id === ruleId)?.meta.textHint) continue;
      checked++;
      if (!hintAccepts(ruleId, file, text, disk)) rejected.push(`${ruleId} on ${path.relative(FIXTURES, file)}`);
    }
  }
  assert.ok(checked > 50, `only ${checked} annotated files were checked`);
  assert.deepEqual(rejected, []);
});

test('text hints: every rule with a hint accepts a Flagged example of its doc', () => {
  const rejected: string[] = [];
  for (const { meta } of RULES.filter((r) => r.meta.textHint)) {
    const doc = path.join(REPO_ROOT, 'docs', 'rules', `${meta.id}.md`);
    if (!fs.existsSync(doc)) continue;
    const { flagged } = examples(fs.readFileSync(doc, 'utf8'));
    // The examples as one workspace, as test/unit/docs.test.ts writes them.
    const root = '/docs-example';
    const texts = new Map(flagged.map((f) => [path.join(root, f.file), f.text]));
    const view: FolderView = {
      listDir: (dir) => [...texts.keys()].filter((f) => path.dirname(f) === dir).map((f) => path.basename(f)),
      readFile: (file) => texts.get(file),
    };
    const judged = [...texts].filter(([file]) => meta.languages.includes(languageOf(file)!));
    if (!judged.some(([file, text]) => hintAccepts(meta.id, file, text, view))) rejected.push(meta.id);
  }
  assert.deepEqual(rejected, []);
});

test('text hints: a hint is matched against Go code and string values, escapes decoded, comments left out', () => {
  assert.equal(decodeEscapes(String.raw`"postgres\x3a//app:pw@db/app" "\u0070ass" "a\"b" "\101"`), `"postgres://app:pw@db/app" "pass" "a"b" "A"`);
  const hint = RULES.find((r) => r.meta.id === 'config/hardcoded-connection-string')!.meta.textHint;
  const escaped = new HintText(
    String.raw`package main

var dsn = "postgres\x3a//db/app"
`,
    true,
  );
  assert.ok(hintHolds(hint, 'go', escaped, () => false));
  assert.ok(!hintHolds(hint, 'go', new HintText('package main\n\n// postgres://db/app\nvar dsn = "db/app"\n', true), () => false));
  assert.equal(withoutGoComments('a := "http://x" // c\n/* b\n */ r := \'"\' + `//`'), 'a := "http://x"  \n \n  r := \'"\' + `//`');
});

test('text hints: a package condition holds when a sibling file matches, and only then', () => {
  const hint = RULES.find((r) => r.meta.id === 'port-binding/hardcoded-port')!.meta.textHint;
  const files = new Map([
    ['/app/config.go', 'package main\n\nconst addr = ":8080"\n'],
    ['/app/main.go', 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(addr, nil) }\n'],
  ]);
  const view = (names: string[]): FolderView => ({ listDir: () => names, readFile: (f) => files.get(f) });
  const text = new HintText(files.get('/app/config.go')!, true);
  const holds = (names: string[]): boolean =>
    hintHolds(hint, 'go', text, (p) => text.matches(p) || new FolderHints(view(names)).anyMatches('/app', '/app/config.go', p));
  assert.ok(holds(['config.go', 'main.go']));
  assert.ok(!holds(['config.go']));
});
