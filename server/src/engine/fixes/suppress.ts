// Suppressions offered on every finding: a `twelve-factor-ignore-next-line` comment above it, a
// `twelve-factor-ignore-file` comment at the top of the file (both in the file's comment syntax; see
// ../suppressions.ts), and `off` for the rule in the nearest .twelve-factor.yml. Each is offered only
// when it would really take effect: the comment is read back as the directive it is meant to be.
import * as path from 'path';
import { isMap, isScalar, parseDocument } from 'yaml';
import { TextIndex } from '../languages/documents';
import { STRING_LITERAL_TYPES } from '../languages/go';
import { readDirectives, type Directive } from '../suppressions';
import type { Finding, LanguageId } from '../types';
import { editsBetween } from './text-diff';
import type { Fix, FixContext, TextEdit } from './types';

const NEXT_LINE = 'twelve-factor-ignore-next-line';
const FILE = 'twelve-factor-ignore-file';

/** The line-comment marker a directive is written with; languages absent here (JSON) have none. */
const COMMENT_MARKER: Partial<Record<LanguageId, string>> = {
  go: '//',
  gomod: '//',
  dockerfile: '#',
  compose: '#',
  yaml: '#',
  'twelve-factor-config': '#',
  procfile: '#',
  dotenv: '#',
  shell: '#',
  toml: '#',
  requirements: '#',
  ini: '#',
  properties: '#',
};

function quickfix(title: string, ruleId: string, file: string, edits: TextEdit[]): Fix {
  return { title, kind: 'quickfix', ruleId, changes: [{ kind: 'edit', path: file, edits }] };
}

/** `Ignore <rule> for this line`: a directive above the finding's line, or the rule added to one already there. */
export function lineSuppression(finding: Finding, ctx: FixContext): Fix | undefined {
  const marker = COMMENT_MARKER[ctx.language];
  if (!marker) return undefined;
  const line = finding.range.start.line;
  const title = `Ignore ${finding.ruleId} for this line`;
  const existing = readDirectives(ctx.language, ctx.text, ctx.go).find((d) => d.kind === 'next-line' && d.target === line && d.rules.length > 0);
  if (existing) return quickfix(title, finding.ruleId, ctx.path, [appendRule(existing, finding.ruleId)]);
  const index = new TextIndex(ctx.text);
  const lineStart = index.offset({ line, character: 0 });
  const indent = /^[ \t]*/.exec(ctx.text.slice(lineStart))?.[0] ?? '';
  const edit: TextEdit = { range: index.range(lineStart, lineStart), newText: `${indent}${marker} ${NEXT_LINE} ${finding.ruleId}\n` };
  // Go: a line that starts inside a multi-line string or comment cannot get a comment above it (and
  // one above the statement would target the statement's first line, not the finding's); a line
  // that starts with a comment (a finding on a directive) is skipped by the directive.
  if (ctx.language === 'go') {
    const ok = ctx.go && !insideGoToken(ctx, lineStart) && !startsWithGoComment(ctx, lineStart + indent.length);
    return ok ? quickfix(title, finding.ruleId, ctx.path, [edit, ...realignedKeyedElements(ctx, lineStart + indent.length, index)]) : undefined;
  }
  // Elsewhere the edited text is read back: in a YAML block scalar, say, the comment would be text.
  const after = readDirectives(ctx.language, applyOne(ctx.text, lineStart, edit.newText));
  return after.some((d) => d.kind === 'next-line' && d.target === line + 1 && d.rules.some((r) => r.id === finding.ruleId))
    ? quickfix(title, finding.ruleId, ctx.path, [edit])
    : undefined;
}

/** `Ignore <rule> in this file`: a file directive at the top (after what must stay first), or the rule added to one. */
export function fileSuppression(ruleId: string, ctx: FixContext): Fix | undefined {
  const marker = COMMENT_MARKER[ctx.language];
  if (!marker) return undefined;
  const title = `Ignore ${ruleId} in this file`;
  const existing = readDirectives(ctx.language, ctx.text, ctx.go).find((d) => d.kind === 'file' && d.rules.length > 0);
  if (existing) return quickfix(title, ruleId, ctx.path, [appendRule(existing, ruleId)]);
  const comment = `${marker} ${FILE} ${ruleId}`;
  const { offset, newText } = ctx.language === 'go' ? afterGoPackageClause(ctx, comment) : atTop(ctx, comment);
  const index = new TextIndex(ctx.text);
  const edit: TextEdit = { range: index.range(offset, offset), newText };
  if (ctx.language === 'go') return ctx.go ? quickfix(title, ruleId, ctx.path, [edit]) : undefined;
  const after = readDirectives(ctx.language, applyOne(ctx.text, offset, newText));
  return after.some((d) => d.kind === 'file' && d.rules.some((r) => r.id === ruleId)) ? quickfix(title, ruleId, ctx.path, [edit]) : undefined;
}

/** The nearest settings file as found for the analysed file, or where a new one would go. */
export type SettingsTarget = { path: string; text: string } | { path: string; text?: undefined };

/**
 * `Disable <rule> in .twelve-factor.yml`: `rules: {<rule>: off}` in the nearest settings file, or a
 * new file when there is none. The file is read with the yaml package's Document and edited where its
 * nodes are (the rule's value replaced, or a line added under `rules:`), so comments, key order,
 * quoting and layout stay as written; shapes with no such place (a flow map) are printed again from
 * the Document, comments kept. A settings file that does not parse is left alone.
 */
export function settingsDisable(ruleId: string, target: SettingsTarget): Fix | undefined {
  const title = `Disable ${ruleId} in ${path.basename(target.path)}`;
  if (target.text === undefined) {
    return { title, kind: 'quickfix', ruleId, changes: [{ kind: 'create', path: target.path, text: `rules:\n  ${ruleId}: off\n` }] };
  }
  const text = target.text;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  const contents = doc.contents;
  const empty = contents === null || (isScalar(contents) && contents.value === null);
  if (!empty && !isMap(contents)) return undefined;
  const rules = isMap(contents) ? contents.get('rules', true) : undefined;
  if (rules !== undefined && rules !== null && !isMap(rules) && !(isScalar(rules) && rules.value === null)) return undefined;
  const index = new TextIndex(text);
  const insert = (offset: number, newText: string): Fix => quickfix(title, ruleId, target.path, [{ range: index.range(offset, offset), newText }]);
  if (isMap(rules) && !rules.flow && rules.items.length > 0) {
    const pair = rules.items.find((p) => isScalar(p.key) && p.key.value === ruleId);
    if (pair && isScalar(pair.value) && pair.value.range) {
      return quickfix(title, ruleId, target.path, [{ range: index.range(pair.value.range[0], pair.value.range[1]), newText: 'off' }]);
    }
    const firstKey = rules.items[0].key;
    const last = rules.items[rules.items.length - 1];
    const lastEnd = (isScalar(last.value) ? last.value.range?.[1] : undefined) ?? (isScalar(last.key) ? last.key.range?.[1] : undefined);
    if (isScalar(firstKey) && firstKey.range && lastEnd !== undefined) {
      const indent = ' '.repeat(index.position(firstKey.range[0]).character);
      const lineEnd = text.indexOf('\n', lastEnd);
      return lineEnd === -1 ? insert(text.length, `\n${indent}${ruleId}: off\n`) : insert(lineEnd + 1, `${indent}${ruleId}: off\n`);
    }
  }
  if (rules === undefined && (empty || (isMap(contents) && !contents.flow))) {
    const separator = text === '' || text.endsWith('\n') ? '' : '\n';
    return insert(text.length, `${separator}rules:\n${' '.repeat(indentOf(text))}${ruleId}: off\n`);
  }
  if (isMap(rules)) doc.setIn(['rules', ruleId], 'off');
  else if (isMap(contents)) doc.set('rules', doc.createNode({ [ruleId]: 'off' }));
  else doc.contents = doc.createNode({ rules: { [ruleId]: 'off' } }) as typeof doc.contents;
  return quickfix(title, ruleId, target.path, editsBetween(text, doc.toString({ indent: indentOf(text), lineWidth: 0 })));
}

/** `, <rule>` after the last rule a directive names (before any `-- reason`). */
function appendRule(directive: Directive, ruleId: string): TextEdit {
  const end = directive.rules[directive.rules.length - 1].range.end;
  return { range: { start: end, end }, newText: `, ${ruleId}` };
}

function applyOne(text: string, offset: number, insert: string): string {
  return text.slice(0, offset) + insert + text.slice(offset);
}

/** Whether `offset` lies inside a Go string literal or comment that starts before it. */
function insideGoToken(ctx: FixContext, offset: number): boolean {
  for (let node = ctx.go?.root.descendantForIndex(offset, offset) ?? null; node; node = node.parent) {
    if ((STRING_LITERAL_TYPES.has(node.type) || node.type === 'comment') && node.startIndex < offset) return true;
  }
  return false;
}

/**
 * gofmt aligns the values of consecutive one-line `Key: value` elements; a comment line between them
 * splits the run in two, each aligned on its own. The padding edits that keep both halves as gofmt
 * prints them (keys up to 40 characters, which gofmt always aligns; none when a trailing comment adds
 * a column of its own).
 */
function realignedKeyedElements(ctx: FixContext, offset: number, index: TextIndex): TextEdit[] {
  let element = ctx.go?.root.descendantForIndex(offset, offset) ?? null;
  while (element && element.type !== 'keyed_element') element = element.parent;
  if (!element || element.startIndex !== offset || !element.parent) return [];
  const line = (at: number): number => index.position(at).line;
  const elements = element.parent.namedChildren.filter((n): n is NonNullable<typeof n> => n?.type === 'keyed_element' || n?.type === 'comment');
  // The run of one-line elements on consecutive lines that holds this one.
  const at = elements.findIndex((n) => n.startIndex === element!.startIndex);
  const inRun = (n: (typeof elements)[number], next: (typeof elements)[number]): boolean =>
    n.type === 'keyed_element' && next.type === 'keyed_element' && line(n.startIndex) === line(n.endIndex) && line(next.startIndex) === line(n.endIndex) + 1;
  let first = at;
  while (first > 0 && inRun(elements[first - 1], elements[first])) first--;
  let last = at;
  while (last + 1 < elements.length && inRun(elements[last], elements[last + 1])) last++;
  const run = elements.slice(first, last + 1);
  if (run.length < 2 || line(run[run.length - 1].startIndex) !== line(run[run.length - 1].endIndex)) return [];
  const lineEndsAfter = (n: (typeof run)[number]): number => ctx.text.indexOf('\n', n.endIndex);
  if (run.some((n) => /^[ \t]*\/[/*]/.test(ctx.text.slice(n.endIndex, lineEndsAfter(n) === -1 ? undefined : lineEndsAfter(n)).replace(/^,/, '')))) return [];
  const cells = run.map((n) => {
    const colon = n.children.find((c) => c?.type === ':');
    const value = n.childForFieldName('value') ?? n.namedChildren[n.namedChildren.length - 1];
    return colon && value ? { keyWidth: colon.endIndex - n.startIndex, gapStart: colon.endIndex, gapEnd: value.startIndex, line: line(n.startIndex) } : undefined;
  });
  if (cells.some((c) => !c || c.keyWidth > 41)) return [];
  const edits: TextEdit[] = [];
  const split = at - first;
  for (const part of [cells.slice(0, split), cells.slice(split)]) {
    const widest = Math.max(...part.map((c) => c!.keyWidth));
    for (const cell of part) {
      const gap = ' '.repeat(widest - cell!.keyWidth + 1);
      if (ctx.text.slice(cell!.gapStart, cell!.gapEnd) !== gap) edits.push({ range: index.range(cell!.gapStart, cell!.gapEnd), newText: gap });
    }
  }
  return edits;
}

function startsWithGoComment(ctx: FixContext, offset: number): boolean {
  return ctx.go?.root.descendantForIndex(offset, offset)?.type === 'comment';
}

/**
 * Go: after the package clause, set apart by a blank line, so the directive is neither the package's
 * doc comment nor ahead of a `//go:build` line.
 */
function afterGoPackageClause(ctx: FixContext, comment: string): { offset: number; newText: string } {
  const clause = ctx.go?.root.namedChildren.find((n) => n?.type === 'package_clause');
  // At the end of the clause's line, so a comment trailing the clause stays where it is.
  const lineEnd = clause ? ctx.text.indexOf('\n', clause.endIndex) : 0;
  return { offset: lineEnd === -1 ? ctx.text.length : lineEnd, newText: `\n\n${comment}` };
}

/** Where a file-level comment goes: after a shebang, and after a Dockerfile's parser directives (which must come first). */
function atTop(ctx: FixContext, comment: string): { offset: number; newText: string } {
  const { text } = ctx;
  let offset = 0;
  const lineAt = (at: number): string => text.slice(at, text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at));
  const skipLine = (): void => {
    const end = text.indexOf('\n', offset);
    offset = end === -1 ? text.length : end + 1;
  };
  if (lineAt(offset).startsWith('#!')) skipLine();
  if (ctx.language === 'dockerfile') while (offset < text.length && /^#\s*[A-Za-z][A-Za-z0-9]*\s*=/.test(lineAt(offset))) skipLine();
  // After a header that ends the file without a newline, the comment needs a line of its own.
  const newLineFirst = offset > 0 && offset === text.length && !text.endsWith('\n');
  return { offset, newText: newLineFirst ? `\n${comment}\n` : `${comment}\n` };
}

/** The indentation step of a YAML text (its first indented line), 2 when none. */
function indentOf(text: string): number {
  const m = /^( +)\S/m.exec(text);
  return m ? Math.min(m[1].length, 8) : 2;
}
