// Taking code out of a Go file the way gofmt would leave it: whole statement lines go, with no run of
// blank lines (nor a blank line against a brace) left behind; imports nothing uses any more go too.
import type { Node } from 'web-tree-sitter';
import { descendants, stringValue, type GoFile } from '../../languages/go';
import type { Position } from '../../types';
import type { TextEdit } from '../types';
import { lineStart } from './shutdown-names';

/** Edits deleting the lines of `statements` (each on lines of its own). */
export function removeStatementLines(text: string, statements: readonly Node[]): TextEdit[] {
  const lines = text.split('\n');
  const removed = new Set<number>();
  for (const s of statements) for (let l = s.startPosition.row; l <= s.endPosition.row; l++) removed.add(l);
  const nearest = (from: number, step: number): number => {
    let at = from;
    while (removed.has(at)) at += step;
    return at;
  };
  const line = (l: number): string => (lines[l] ?? '').trim();
  // Close up what a removal leaves: two blank lines in a row, or a blank line against a brace or parenthesis.
  for (const first of [...removed].filter((l) => !removed.has(l - 1)).sort((a, b) => a - b)) {
    const before = nearest(first, -1);
    const after = nearest(first, 1);
    if (line(after) === '' && (line(before) === '' || /[{(]$/.test(line(before)) || /^[})]/.test(line(nearest(after + 1, 1))))) removed.add(after);
    else if (line(before) === '' && /^[})]/.test(line(after))) removed.add(before);
  }
  const sorted = [...removed].sort((a, b) => a - b);
  const edits: TextEdit[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const first = sorted[i];
    while (sorted[i + 1] === sorted[i] + 1) i++;
    edits.push({ range: { start: { line: first, character: 0 }, end: { line: sorted[i] + 1, character: 0 } }, newText: '' });
  }
  return edits;
}

/** `text` with non-overlapping edits applied. */
export function applied(text: string, edits: readonly TextEdit[]): string {
  const offset = (p: Position): number => lineStart(text, p.line) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}

/** Edits removing the imports among `paths` that `newText` (the file after the fix) no longer uses. */
export function unusedImportEdits(file: GoFile, newText: string, paths: readonly string[]): TextEdit[] {
  const code = newText.replace(/^import\s*(\([^)]*\)|[^\n]*)/gm, '');
  const unused: Node[] = [];
  for (const spec of descendants(file.root, 'import_spec')) {
    const pathNode = spec.childForFieldName('path');
    const importPath = pathNode ? stringValue(pathNode) : '';
    const qualifier = [...file.imports].find(([, p]) => p === importPath)?.[0];
    if (!paths.includes(importPath) || !qualifier || new RegExp(`(?<![\\w.])${qualifier}\\.`).test(code)) continue;
    unused.push(spec.parent?.type === 'import_declaration' ? spec.parent : spec);
  }
  return removeStatementLines(file.text, unused);
}
