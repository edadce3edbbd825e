// The edits that turn one text into another, line by line: what a fix that rewrites a whole file
// (a YAML document printed again, several fixes applied in turn) hands the editor, so the lines it
// did not change keep their cursors, folds and markers.
import { TextIndex } from '../languages/documents';
import type { TextEdit } from './types';

/** Beyond this many line pairs the changed middle is replaced whole rather than diffed. */
const MAX_DIFF_CELLS = 4_000_000;

/** Lines with their endings, so that joining them gives the text back. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Non-overlapping edits, in order, from `before` to `after` (positions in `before`). */
export function editsBetween(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const a = splitLines(before);
  const b = splitLines(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const oldMiddle = a.slice(prefix, a.length - suffix);
  const newMiddle = b.slice(prefix, b.length - suffix);
  const hunks = oldMiddle.length * newMiddle.length > MAX_DIFF_CELLS ? [{ oldStart: 0, oldEnd: oldMiddle.length, lines: newMiddle }] : lineHunks(oldMiddle, newMiddle);
  const lineOffsets = [0];
  for (const line of a) lineOffsets.push(lineOffsets[lineOffsets.length - 1] + line.length);
  const index = new TextIndex(before);
  return hunks.map((h) => ({
    range: index.range(lineOffsets[prefix + h.oldStart], lineOffsets[prefix + h.oldEnd]),
    newText: h.lines.join(''),
  }));
}

interface Hunk {
  oldStart: number;
  oldEnd: number;
  lines: string[];
}

/** Runs of changed lines around a longest common subsequence of lines. */
function lineHunks(a: string[], b: string[]): Hunk[] {
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const hunks: Hunk[] = [];
  let current: Hunk | undefined;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      current = undefined;
      i++;
      j++;
      continue;
    }
    if (!current) hunks.push((current = { oldStart: i, oldEnd: i, lines: [] }));
    if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) current.lines.push(b[j++]);
    else current.oldEnd = ++i;
  }
  return hunks;
}

/** `text` with non-overlapping edits applied (positions refer to `text`, as in LSP). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new TextIndex(text);
  const spans = edits
    .map((e, order) => ({ order, start: index.offset(e.range.start), end: index.offset(e.range.end), text: e.newText }))
    // Back to front; inserts at one position keep their given order.
    .sort((a, b) => b.start - a.start || b.end - a.end || b.order - a.order);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}
