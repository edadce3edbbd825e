// An edited Go document is read through a mirror of its parse tree, updated edit by edit. The mirror
// must answer exactly as the tree does, and findings on an edited document must be those of a fresh parse.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { Engine, languageOf } from '../../server/src/engine';
import { DiskFileSystem } from '../../server/src/diskFs';
import { Grammars, IncrementalTree } from '../../server/src/engine/languages/parser';
import { asNode, mirrorTree, type MirrorTree } from '../../server/src/engine/languages/tree-mirror';
import { generateGoService } from '../bench/goSource';
import { FIXTURES, testEngine } from '../helpers/engine';

/** What the rules can ask of a node, read off it and all its descendants. */
function describe(node: Node): unknown {
  return {
    id: node.id,
    type: node.type,
    isNamed: node.isNamed,
    isMissing: node.isMissing,
    start: node.startIndex,
    end: node.endIndex,
    startPosition: node.startPosition,
    endPosition: node.endPosition,
    fields: node.children.map((_, i) => node.fieldNameForChild(i)),
    name: node.childForFieldName('name')?.id ?? null,
    parent: node.parent?.id ?? null,
    children: node.children.map((c) => describe(c as Node)),
  };
}

function assertSameTree(mirror: MirrorTree, tree: IncrementalTree, label: string): void {
  const root = asNode(mirror.rootNode);
  assert.deepEqual(describe(root), describe(tree.tree.rootNode), label);
  assert.equal(root.toString(), tree.tree.rootNode.toString(), label);
  for (const types of [['identifier'], ['call_expression', 'interpreted_string_literal', 'function_declaration']]) {
    assert.deepEqual(
      root.descendantsOfType(types).map((n) => n.id),
      tree.tree.rootNode.descendantsOfType(types).map((n) => n?.id),
      `${label}: descendantsOfType ${types.join(',')}`,
    );
  }
}

/** Seeded edits typing and deleting single characters, as in the benchmark, some of them breaking the syntax. */
function* edits(text: string, count: number): Generator<string> {
  let seed = 7;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < count; i++) {
    const at = Math.floor(random() * text.length);
    text = i % 3 === 2 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + '({x"\n'[i % 5] + text.slice(at);
    yield text;
  }
}

test('a mirror updated edit by edit answers as the tree parsed from the same text', async () => {
  const grammars = await Grammars.load();
  const parser = grammars.newParser('go');
  const original = generateGoService(300);
  const tree = new IncrementalTree(parser, original);
  let mirror = mirrorTree(tree.tree, original);
  assertSameTree(mirror, tree, 'first mirror');
  let n = 0;
  for (const text of edits(original, 60)) {
    tree.update(text);
    mirror = mirrorTree(tree.tree, text, { mirror, edit: tree.lastEdit! });
    assertSameTree(mirror, tree, `after edit ${++n}`);
  }
  tree.delete();
});

function goFixtures(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) return goFixtures(abs);
    return languageOf(abs) === 'go' ? [abs] : [];
  });
}

test('findings on an edited Go file are those of a fresh parse of its text', async () => {
  const fresh = await testEngine();
  const edited = await Engine.create({ fs: new DiskFileSystem() });
  const fixtures = goFixtures(FIXTURES);
  assert.ok(fixtures.length > 50);
  for (const file of fixtures) {
    const relativePath = path.relative(FIXTURES, file).split(path.sep).slice(1).join('/');
    const original = fs.readFileSync(file, 'utf8');
    edited.analyze({ path: file, text: original, relativePath });
    for (const text of [...edits(original, 4), original]) {
      fresh.forget(file);
      const expected = fresh.analyze({ path: file, text, relativePath });
      assert.deepEqual(edited.analyze({ path: file, text, relativePath }), expected, `${file} after an edit`);
    }
    fresh.forget(file);
    edited.forget(file);
  }
});
