// Adding a line to a struct's fields or a composite literal's keyed elements the way gofmt lays it
// out: gofmt aligns the columns of consecutive one-line items (names, types, tags; keys and values)
// with a tabwriter, so a longer new name re-pads its neighbours. This models go/printer's cells and
// text/tabwriter's column blocks for those lists, and edits only the lines whose layout changes.
import type { Node } from 'web-tree-sitter';
import type { GoFile } from '../../languages/go';
import type { TextEdit } from '../types';

/** A line of the list: its cells (the last one unaligned), or null for a line that breaks alignment. */
type Row = string[] | null;

/**
 * Edits that append an item to a `field_declaration_list` or `literal_value`, given as its cells:
 * `['Port', 'string']` for a field, `['Port:', 'os.Getenv("PORT"),']` for a keyed element. A list on
 * one line is laid out on lines of its own. Undefined for a one-line list holding a comment.
 */
export function appendAligned(file: GoFile, list: Node, cells: string[]): TextEdit[] | undefined {
  const open = list.startPosition.row;
  const close = list.endPosition.row;
  const items = list.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
  const lines = file.text.split('\n');
  if (open === close) return items.length === list.namedChildren.length ? expanded(file, list, items, cells, leadingTabs(lines[open])) : undefined;
  const last = items[items.length - 1];
  const insertAt = last ? last.endPosition.row + 1 : close;
  const indent = last ? leadingTabs(lines[last.startPosition.row]) : leadingTabs(lines[close]) + '\t';
  // gofmt separates name and type by one blank, unaligned, when the list has a single item.
  const aligned = items.length + 1 > 1;

  const rows: { row: number; cells: Row }[] = [];
  for (let row = open + 1; row < close; row++) rows.push({ row, cells: cellsOfLine(list, items, row) });
  const index = rows.findIndex((r) => r.row >= insertAt);
  const position = index === -1 ? rows.length : index;
  rows.splice(position, 0, { row: -1, cells });

  let from = position;
  let to = position + 1;
  while (from > 0 && rows[from - 1].cells) from--;
  while (to < rows.length && rows[to].cells) to++;
  const run = rows.slice(from, to);
  const rendered = aligned ? render(run.map((r) => r.cells as string[])) : run.map((r) => (r.cells as string[]).join(' '));

  const edits: TextEdit[] = [];
  run.forEach((r, i) => {
    if (r.row === -1) {
      edits.push({ range: { start: { line: insertAt, character: 0 }, end: { line: insertAt, character: 0 } }, newText: `${indent}${rendered[i]}\n` });
      return;
    }
    const text = lines[r.row];
    const start = leadingTabs(text).length;
    if (text.slice(start) !== rendered[i]) edits.push({ range: { start: { line: r.row, character: start }, end: { line: r.row, character: text.length } }, newText: rendered[i] });
  });
  return edits;
}

/**
 * `struct{ A string }` → `struct {` with a field a line, the new one last (gofmt's `struct {` when
 * multi-line), columns aligned; a composite `Config{A: x}` likewise without the blank.
 */
function expanded(file: GoFile, list: Node, items: Node[], cells: string[], indent: string): TextEdit[] | undefined {
  const rows = [...items.map((item) => cellsOf(item)), cells];
  if (rows.some((r) => r === null)) return undefined;
  const rendered = rows.length > 1 ? render(rows as string[][]) : [cells.join(' ')];
  const body = rendered.map((r) => `${indent}\t${r}`).join('\n');
  const blank = list.type === 'field_declaration_list' && list.previousSibling?.endIndex === list.startIndex ? ' ' : '';
  return [{ range: file.range(list), newText: `${blank}{\n${body}\n${indent}}` }];
}

function leadingTabs(line: string | undefined): string {
  return /^\t*/.exec(line ?? '')?.[0] ?? '';
}

/** The cells go/printer writes for the one-line item alone on `row`, or null (blank, comment, multi-line item). */
function cellsOfLine(list: Node, items: Node[], row: number): Row {
  const item = items.find((n) => n.startPosition.row === row);
  if (!item || item.endPosition.row !== row || items.some((n) => n !== item && n.startPosition.row <= row && n.endPosition.row >= row)) return null;
  const comment = list.namedChildren.find((n) => n?.type === 'comment' && n.startPosition.row === row && n.startIndex > item.endIndex)?.text;
  return cellsOf(item, comment);
}

/** The cells go/printer writes for an item on a line of its own, with the comment that ends the line. */
function cellsOf(item: Node, comment?: string): Row {
  if (item.type === 'field_declaration') {
    const names = item.childrenForFieldName('name').flatMap((n) => (n ? [n.text] : []));
    const type = item.childForFieldName('type')?.text ?? '';
    const tag = item.childForFieldName('tag')?.text;
    const head = names.length > 0 ? [names.join(', '), type] : [type];
    if (tag) return [...head, ...(names.length > 0 ? [''] : []), tag, ...(comment ? [comment] : [])];
    if (comment) return [...head, ...(names.length > 0 ? [] : ['']), comment];
    return head;
  }
  if (item.type === 'keyed_element') {
    const [key, value] = item.namedChildren;
    if (!key || !value) return null;
    return [`${key.text}:`, `${value.text},`, ...(comment ? [comment] : [])];
  }
  return null;
}

/** text/tabwriter's layout (padding 1, empty columns discarded) of consecutive rows. */
export function render(rows: string[][]): string[] {
  const widths: number[][] = rows.map(() => []);
  const width = (s: string): number => [...s].length;
  const format = (column: number, from: number, to: number): void => {
    let i = from;
    while (i < to) {
      if (column >= rows[i].length - 1) {
        i++;
        continue;
      }
      let j = i;
      let max = 0;
      let discardable = true;
      for (; j < to && column < rows[j].length - 1; j++) {
        max = Math.max(max, width(rows[j][column]) + 1);
        if (rows[j][column] !== '') discardable = false;
      }
      for (let k = i; k < j; k++) widths[k][column] = discardable ? 0 : max;
      format(column + 1, i, j);
      i = j;
    }
  };
  format(0, 0, rows.length);
  return rows.map((cells, r) =>
    cells.map((cell, c) => (c < cells.length - 1 ? cell + ' '.repeat(Math.max(0, widths[r][c] - width(cell))) : cell)).join(''),
  );
}
