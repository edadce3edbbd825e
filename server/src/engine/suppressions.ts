// Suppression comments, read only from real comments of the file's language (a directive inside a
// string literal is text, not a directive):
//   twelve-factor-ignore-next-line <rule>[, <rule>] [-- reason]   findings of those rules that start
//       on the next line holding code (blank and comment-only lines in between are skipped, so the
//       directive can sit above a doc comment)
//   twelve-factor-ignore-file <rule>[, <rule>] [-- reason]        those rules in the whole file
import { Lexer } from 'yaml';
import { closeMatches, didYouMean } from './engine-rules';
import { TextIndex } from './languages/documents';
import type { GoFile } from './languages/go';
import type { FindingDraft, LanguageId, Range } from './types';

const NEXT_LINE = 'twelve-factor-ignore-next-line';
const FILE = 'twelve-factor-ignore-file';
/** Where a directive may start; the cheap test before any comment is looked for. */
export const DIRECTIVE_PREFIX = 'twelve-factor-ignore-';

export interface Directive {
  kind: 'next-line' | 'file';
  /** The rule ids named, each where it is written. */
  rules: { id: string; range: Range }[];
  /** The directive word, where a directive naming no rule is reported. */
  range: Range;
  /** Text after `--`. */
  reason?: string;
  /** For `next-line`: the line whose findings it suppresses; undefined when no code follows. */
  target?: number;
}

interface Comment {
  /** Offset of the text after the comment marker (`//`, `#`, `/*`). */
  bodyStart: number;
  /** The text after the marker, up to the end of the comment's first line. */
  body: string;
  /** Zero-based line the comment ends on. */
  endLine: number;
}

/** The comments of a file and which of its lines hold code, by the file's comment syntax. */
interface CommentSyntax {
  /** Comments containing `DIRECTIVE_PREFIX`. */
  candidates(): Comment[];
  /** Whether a line holds nothing but blanks and comments. */
  holdsNoCode(line: number): boolean;
}

/** Line comments that must start their line, by language; JSON and package.json have none. */
const LINE_COMMENTS: Partial<Record<LanguageId, RegExp>> = {
  dockerfile: /^\s*#/,
  procfile: /^\s*#/,
  dotenv: /^\s*#/,
  shell: /^\s*#/,
  toml: /^\s*#/,
  requirements: /^\s*#/,
  ini: /^\s*[#;]/,
  properties: /^\s*[#!]/,
  gomod: /^\s*\/\//,
};

const YAML_LANGUAGES = new Set<LanguageId>(['compose', 'yaml', 'twelve-factor-config']);

/** The suppression directives of a file. `go` is the parsed file, for Go. */
export function readDirectives(language: LanguageId, text: string, go?: GoFile): Directive[] {
  if (!text.includes(DIRECTIVE_PREFIX)) return [];
  const index = new TextIndex(text);
  const syntax = commentSyntax(language, text, index, go);
  if (!syntax) return [];
  const lastLine = index.position(text.length).line;
  const directives: Directive[] = [];
  for (const comment of syntax.candidates()) {
    const directive = parseDirective(comment, index);
    if (!directive) continue;
    if (directive.kind === 'next-line') {
      for (let line = comment.endLine + 1; line <= lastLine; line++) {
        if (!syntax.holdsNoCode(line)) {
          directive.target = line;
          break;
        }
      }
    }
    directives.push(directive);
  }
  return directives;
}

/** `twelve-factor-ignore-…` at the start of a comment's text. */
function parseDirective(comment: Comment, index: TextIndex): Directive | undefined {
  const m = /^(\s*)(twelve-factor-ignore-next-line|twelve-factor-ignore-file)(?=\s|$)/.exec(comment.body);
  if (!m) return undefined;
  const wordStart = comment.bodyStart + m[1].length;
  let rest = comment.body.slice(m[0].length).replace(/\s*\*\/\s*$/, ''); // the end of a one-line `/* … */`
  let reason: string | undefined;
  const dashes = /(^|\s)--/.exec(rest);
  if (dashes) {
    reason = rest.slice(dashes.index + dashes[0].length).trim() || undefined;
    rest = rest.slice(0, dashes.index);
  }
  const listStart = wordStart + m[2].length;
  const rules = [...rest.matchAll(/[^\s,]+/g)].map((id) => ({
    id: id[0],
    range: index.range(listStart + id.index, listStart + id.index + id[0].length),
  }));
  return {
    kind: m[2] === NEXT_LINE ? 'next-line' : 'file',
    rules,
    range: index.range(wordStart, wordStart + m[2].length),
    reason,
  };
}

function commentSyntax(language: LanguageId, text: string, index: TextIndex, go?: GoFile): CommentSyntax | undefined {
  if (language === 'go') return go ? goComments(go, text, index) : undefined;
  if (YAML_LANGUAGES.has(language)) return yamlComments(text, index) ?? lineComments(/^\s*#/, text, index);
  const marker = LINE_COMMENTS[language];
  return marker ? lineComments(marker, text, index) : undefined;
}

/** Go: `comment` nodes of the tree, so text in a string literal is never a comment. */
function goComments(go: GoFile, text: string, index: TextIndex): CommentSyntax {
  const commentAt = (offset: number): { start: number; end: number } | undefined => {
    const node = go.root.descendantForIndex(offset, offset);
    return node?.type === 'comment' ? { start: node.startIndex, end: node.endIndex } : undefined;
  };
  const lines = text.split('\n');
  return {
    candidates: () => {
      const seen = new Set<number>();
      const out: Comment[] = [];
      for (let at = text.indexOf(DIRECTIVE_PREFIX); at !== -1; at = text.indexOf(DIRECTIVE_PREFIX, at + 1)) {
        const comment = commentAt(at);
        if (!comment || seen.has(comment.start)) continue;
        seen.add(comment.start);
        const bodyStart = comment.start + 2; // after `//` or `/*`
        const firstLineEnd = text.indexOf('\n', bodyStart);
        const bodyEnd = firstLineEnd === -1 || firstLineEnd > comment.end ? comment.end : firstLineEnd;
        out.push({ bodyStart, body: text.slice(bodyStart, bodyEnd).replace(/\r$/, ''), endLine: index.position(comment.end).line });
      }
      return out;
    },
    holdsNoCode: (line) => {
      const lineText = (lines[line] ?? '').replace(/\r$/, '');
      const first = lineText.search(/\S/);
      if (first === -1) return true;
      // Comments only: from the first non-blank character, comment after comment to the end of the line.
      const lineStart = index.offset({ line, character: 0 });
      const lineEnd = lineStart + lineText.trimEnd().length;
      let at = lineStart + first;
      while (at < lineEnd) {
        const comment = commentAt(at);
        if (!comment) return false;
        at = comment.end;
        while (at < lineEnd && /\s/.test(text[at])) at++;
      }
      return true;
    },
  };
}

/** YAML: comment tokens of the yaml package's lexer, so a `#` inside a quoted or block scalar is text. */
function yamlComments(text: string, index: TextIndex): CommentSyntax | undefined {
  const comments: { start: number; end: number }[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    // One-character control tokens mark structure and take no room in the source.
    if (token.length === 1 && token < ' ' && token !== '\n' && token !== '\t' && token !== '\r') continue;
    if (token.startsWith('#')) comments.push({ start: offset, end: offset + token.length });
    offset += token.length;
  }
  // Should the lexer's tokens ever not add up to the text, the offsets are wrong: read lines instead.
  if (offset !== text.length) return undefined;
  const commentStarts = new Set(comments.map((c) => c.start));
  const lines = text.split('\n');
  return {
    candidates: () =>
      comments
        .filter((c) => text.slice(c.start, c.end).includes(DIRECTIVE_PREFIX))
        .map((c) => ({ bodyStart: c.start + 1, body: text.slice(c.start + 1, c.end).replace(/\r$/, ''), endLine: index.position(c.start).line })),
    holdsNoCode: (line) => {
      const first = (lines[line] ?? '').search(/\S/);
      return first === -1 || commentStarts.has(index.offset({ line, character: first }));
    },
  };
}

/** Files whose comments are whole lines starting with a marker (after blanks). */
function lineComments(marker: RegExp, text: string, index: TextIndex): CommentSyntax {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  return {
    candidates: () =>
      lines.flatMap((line, i) => {
        const m = marker.exec(line);
        if (!m || !line.includes(DIRECTIVE_PREFIX)) return [];
        return [{ bodyStart: index.offset({ line: i, character: m[0].length }), body: line.slice(m[0].length), endLine: i }];
      }),
    holdsNoCode: (line) => {
      const lineText = lines[line] ?? '';
      return lineText.trim() === '' || marker.test(lineText);
    },
  };
}

/** Whether a directive of the file suppresses a finding of `ruleId` starting on `line`. */
export function isSuppressed(directives: readonly Directive[], ruleId: string, line: number): boolean {
  return directives.some((d) => (d.kind === 'file' || d.target === line) && d.rules.some((r) => r.id === ruleId));
}

/** Directives naming a rule that does not exist, or none at all. */
export function directiveProblems(directives: readonly Directive[], knownIds: readonly string[]): FindingDraft[] {
  const known = new Set(knownIds);
  const problems: FindingDraft[] = [];
  for (const d of directives) {
    const word = d.kind === 'next-line' ? NEXT_LINE : FILE;
    if (d.rules.length === 0) {
      problems.push({ range: d.range, message: `${word} names no rule, so it suppresses nothing; name the rule ids to ignore (${word} <rule>[, <rule>] [-- reason])` });
    }
    for (const rule of d.rules) {
      if (known.has(rule.id)) continue;
      const matches = closeMatches(rule.id, knownIds);
      const hint = matches.length > 0 ? didYouMean(matches) : ' (rule ids are listed in docs/rules/README.md; a reason goes after --)';
      problems.push({ range: rule.range, message: `${word} names an unknown rule '${rule.id}'${hint}`, data: { unknownRule: rule.id } });
    }
  }
  return problems;
}
