// A literal in a grouped `const ( … )` cannot become a read (a const holds no call), and turning the
// whole group into vars would change the other constants. Its spec moves out of the group instead, as
// a `var` of its own right after it (with its comments), and the specs left are re-aligned as gofmt
// aligns them: go/printer's valueSpec cells (names, type, `= values`, comment), with the type column
// kept across a run of valued specs when one of them has a type (keepTypeColumn).
import type { Node } from 'web-tree-sitter';
import type { GoFile } from '../../languages/go';
import type { TextEdit } from '../types';
import { render } from './extract-align';

/**
 * Whether the spec can leave its group: one name and one value, no `iota` in the group (moving a spec
 * would renumber the rest), the next spec not repeating this one's value implicitly, and the spec on
 * lines of its own.
 */
export function movableFromGroup(file: GoFile, spec: Node): boolean {
  const group = spec.parent;
  if (group?.type !== 'const_declaration' || !group.children.some((c) => c?.type === '(')) return false;
  const specs = specsOf(group);
  const next = specs[specs.findIndex((s) => s.id === spec.id) + 1];
  if (spec.childrenForFieldName('name').length !== 1 || spec.childForFieldName('value')?.namedChildren.length !== 1) return false;
  if (next && !next.childForFieldName('value')) return false;
  if (group.descendantsOfType(['iota', 'identifier']).some((i) => i?.text === 'iota')) return false;
  const lines = file.text.split('\n');
  const before = lines[spec.startPosition.row].slice(0, spec.startPosition.column);
  const after = lines[spec.endPosition.row].slice(spec.endPosition.column);
  return before.trim() === '' && (after.trim() === '' || trailingComment(group, spec) !== undefined) && group.startPosition.row < spec.startPosition.row && spec.endPosition.row < group.endPosition.row;
}

/** Edits moving the spec out of its group as `var name [type] = value`, and re-aligning the specs left. */
export function moveOutOfGroup(file: GoFile, spec: Node, value: string): TextEdit[] {
  const group = spec.parent!;
  const lines = file.text.split('\n');
  const indent = /^\s*/.exec(lines[group.startPosition.row])![0];
  const docs = docComments(spec);
  const first = docs[0]?.startPosition.row ?? spec.startPosition.row;
  const comment = trailingComment(group, spec);
  const name = spec.childrenForFieldName('name')[0]!.text;
  const type = spec.childForFieldName('type')?.text;
  const declaration = [
    ...docs.map((d) => `${indent}${d.text}`),
    `${indent}var ${name}${type ? ` ${type}` : ''} = ${value}${comment ? ` ${comment.text}` : ''}`,
  ].join('\n');
  const end = { line: group.endPosition.row, character: lines[group.endPosition.row].length };
  return [
    { range: { start: { line: first, character: 0 }, end: { line: spec.endPosition.row + 1, character: 0 } }, newText: '' },
    ...realigned(group, spec, lines),
    { range: { start: end, end }, newText: `\n\n${declaration}` },
  ];
}

function specsOf(group: Node): Node[] {
  return group.namedChildren.filter((c): c is Node => c?.type === 'const_spec');
}

/** The comment ending the spec's last line. */
function trailingComment(group: Node, spec: Node): Node | undefined {
  return group.namedChildren.find((c): c is Node => c?.type === 'comment' && c.startPosition.row === spec.endPosition.row && c.startIndex > spec.endIndex) ?? undefined;
}

/** The comment lines right above the spec (its doc), with no blank line between. */
function docComments(spec: Node): Node[] {
  const out: Node[] = [];
  let row = spec.startPosition.row;
  for (let c = spec.previousNamedSibling; c?.type === 'comment' && c.endPosition.row === row - 1; c = c.previousNamedSibling) {
    // A comment ending another spec's line is that spec's.
    if (c.previousNamedSibling?.endPosition.row === c.startPosition.row) break;
    out.unshift(c);
    row = c.startPosition.row;
  }
  return out;
}

/** Edits re-laying the one-line specs left in the group, runs of consecutive lines aligned together. */
function realigned(group: Node, moved: Node, lines: string[]): TextEdit[] {
  const specs = specsOf(group).filter((s) => s.id !== moved.id);
  const keepType = keepTypeColumn(specs);
  const removed = new Set<number>();
  for (let r = (docComments(moved)[0] ?? moved).startPosition.row; r <= moved.endPosition.row; r++) removed.add(r);
  const rows: { row: number; cells: string[] | null }[] = [];
  for (let row = group.startPosition.row + 1; row < group.endPosition.row; row++) {
    if (removed.has(row)) continue;
    const index = specs.findIndex((s) => s.startPosition.row === row);
    const spec = specs[index];
    const alone = spec && spec.endPosition.row === row && !specs.some((s) => s !== spec && s.startPosition.row <= row && s.endPosition.row >= row);
    rows.push({ row, cells: alone ? cellsOf(spec, specs.length > 1 && keepType[index], trailingComment(group, spec)?.text, specs.length > 1) : null });
  }
  const edits: TextEdit[] = [];
  for (let i = 0; i < rows.length; ) {
    if (!rows[i].cells) {
      i++;
      continue;
    }
    let j = i;
    while (j < rows.length && rows[j].cells) j++;
    const run = rows.slice(i, j);
    render(run.map((r) => r.cells!)).forEach((text, k) => {
      const line = lines[run[k].row];
      const start = /^\s*/.exec(line)![0].length;
      if (line.slice(start) !== text) edits.push({ range: { start: { line: run[k].row, character: start }, end: { line: run[k].row, character: line.length } }, newText: text });
    });
    i = j;
  }
  return edits;
}

/** go/printer's cells for a spec: in a group of several, names, type, `= values` and comment are columns; alone, one blank apart. */
function cellsOf(spec: Node, keepType: boolean, comment: string | undefined, grouped: boolean): string[] {
  const names = spec.childrenForFieldName('name').flatMap((n) => (n ? [n.text] : [])).join(', ');
  const type = spec.childForFieldName('type')?.text;
  const value = spec.childForFieldName('value')?.text;
  if (!grouped) return [[names, type, value && `= ${value}`].filter(Boolean).join(' '), ...(comment ? [comment] : [])];
  const cells = [names];
  let extraTabs = 3;
  if (type || keepType) {
    cells.push(type ?? '');
    extraTabs--;
  }
  if (value) {
    cells.push(`= ${value}`);
    extraTabs--;
  }
  if (comment) {
    for (; extraTabs > 1; extraTabs--) cells.push('');
    cells.push(comment);
  }
  return cells;
}

/** go/printer's keepTypeColumn: a run of specs with values keeps the type column when one of them has a type. */
function keepTypeColumn(specs: Node[]): boolean[] {
  const keep = specs.map(() => false);
  let start = -1;
  let keepType = false;
  const populate = (from: number, to: number): void => {
    if (keepType) for (let i = from; i < to; i++) keep[i] = true;
  };
  specs.forEach((spec, i) => {
    if (spec.childForFieldName('value')) {
      if (start < 0) {
        start = i;
        keepType = false;
      }
    } else if (start >= 0) {
      populate(start, i);
      start = -1;
    }
    if (spec.childForFieldName('type')) keepType = true;
  });
  if (start >= 0) populate(start, specs.length);
  return keep;
}
