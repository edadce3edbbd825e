// The .gitignore matcher against the rules of gitignore(5).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { IgnoreRules, parseGitignore } from '../../server/src/engine/util/gitignore';

function rules(text: string): IgnoreRules {
  return IgnoreRules.none.with('', text);
}

function check(r: IgnoreRules, expectations: Record<string, boolean>, isDirectory = false): void {
  for (const [path, ignored] of Object.entries(expectations)) {
    assert.equal(r.ignores(path, isDirectory), ignored, `${path} (${isDirectory ? 'folder' : 'file'}) should ${ignored ? '' : 'not '}be ignored`);
  }
}

test('gitignore: blank lines and comments are no patterns; \\# and \\! are literal', () => {
  assert.equal(parseGitignore('\n# a comment\n   \n').length, 0);
  check(rules('\\#notes.go\n\\!bang.go\n'), { '#notes.go': true, '!bang.go': true, 'notes.go': false, 'bang.go': false });
});

test('gitignore: a name without a slash matches at any depth', () => {
  check(rules('*.log\ndebug.go\n'), { 'a.log': true, 'deep/dir/a.log': true, 'a.logx': false, 'debug.go': true, 'pkg/debug.go': true, 'pkg/debug.go.txt': false });
});

test('gitignore: a trailing slash matches folders only, and everything inside them', () => {
  const r = rules('build/\n');
  check(r, { build: true, 'src/build': true }, true);
  check(r, { build: false, 'build/main.go': true, 'src/build/x.go': true, 'builder/x.go': false });
});

test('gitignore: a leading or middle slash anchors the pattern to the .gitignore folder', () => {
  check(rules('/root.go\ndoc/frotz\n/src/*.go\n'), {
    'root.go': true,
    'sub/root.go': false,
    'doc/frotz': true,
    'a/doc/frotz': false,
    'src/a.go': true,
    'src/x/a.go': false,
  });
});

test('gitignore: * and ? never cross a slash', () => {
  check(rules('gen/*.go\nfile?.txt\n'), { 'gen/a.go': true, 'gen/x/a.go': false, 'file1.txt': true, 'file10.txt': false, 'file/.txt': false });
});

test('gitignore: ** spans folders at the start, the end and in the middle', () => {
  check(rules('**/fixtures\n'), { fixtures: true, 'a/fixtures': true, 'a/b/fixtures/x.go': true });
  check(rules('out/**\n'), { out: false, 'out/a.go': true, 'out/a/b.go': true, 'outer/a.go': false });
  check(rules('a/**/b.go\n'), { 'a/b.go': true, 'a/x/b.go': true, 'a/x/y/b.go': true, 'ab.go': false, 'a/xb.go': false, 'x/a/b.go': false });
  check(rules('a/**/**/b.go\n'), { 'a/b.go': true, 'a/x/y/b.go': true });
});

test('gitignore: bracket expressions', () => {
  check(rules('[abc].go\n'), { 'a.go': true, 'c.go': true, 'd.go': false });
  check(rules('x[!a].go\n'), { 'xb.go': true, 'xa.go': false });
  check(rules('y[^a].go\n'), { 'yb.go': true, 'ya.go': false });
  check(rules('v[0-9].go\n'), { 'v1.go': true, 'vx.go': false });
  check(rules('n[[:digit:]][[:upper:]].go\n'), { 'n1A.go': true, 'n1a.go': false });
  check(rules('[]]x.go\n'), { ']x.go': true });
  check(rules('open[bracket.go\n'), { 'open[bracket.go': true });
});

test('gitignore: ! re-includes, and the last matching pattern wins', () => {
  check(rules('*.gen.go\n!keep.gen.go\n'), { 'a.gen.go': true, 'keep.gen.go': false, 'pkg/keep.gen.go': false });
  check(rules('!keep.gen.go\n*.gen.go\n'), { 'keep.gen.go': true });
});

test('gitignore: nothing inside an ignored folder can be re-included', () => {
  const r = rules('build/\n!build/keep.go\n');
  check(r, { 'build/keep.go': true });
  // ignoresEntry alone is the walker's question, which never enters build/.
  assert.equal(r.ignoresEntry('build/keep.go', false), false);
});

test('gitignore: a deeper .gitignore overrides and is relative to its folder', () => {
  const r = IgnoreRules.none.with('', '*.gen.go\n/rootonly.go\n').with('sub', '!*.gen.go\n/local.go\n');
  check(r, {
    'x.gen.go': true,
    'other/x.gen.go': true,
    'sub/x.gen.go': false,
    'sub/deeper/x.gen.go': false,
    'rootonly.go': true,
    'sub/rootonly.go': false,
    'sub/local.go': true,
    'sub/deeper/local.go': false,
    'local.go': false,
  });
});

test('gitignore: trailing spaces are dropped unless escaped; CRLF line ends are fine', () => {
  check(rules('spaced.go   \r\nkept\\ \r\n'), { 'spaced.go': true, 'kept ': true, kept: false });
});

test('gitignore: regex characters in names are literal', () => {
  check(rules('a+b(1).go\n'), { 'a+b(1).go': true, 'aab1.go': false });
});
