// Whether a rule's text hint (RuleMeta.textHint) holds for a file: a cheap test of its text, and of
// its folder's Go files, before anything is parsed or any rule runs.
import * as path from 'path';
import type { LanguageId, RuleMeta } from './types';

const ESCAPED_CHARACTER: Record<string, string> = { n: '\n', t: '\t', r: '\r' };
const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * `text` with its backslash escapes decoded as a Go string literal decodes them (languages/go.ts),
 * line continuations of config files dropped: the values of its string literals as the rules see them.
 */
export function decodeEscapes(text: string): string {
  let at = text.indexOf('\\');
  if (at === -1) return text;
  const parts: string[] = [];
  let copied = 0;
  while (at !== -1) {
    parts.push(text.slice(copied, at));
    const next = text[at + 1] ?? '';
    let end = at + 2;
    let decoded = next;
    const digits = HEX_DIGITS[next];
    const hex = digits === undefined ? '' : text.slice(at + 2, at + 2 + digits);
    if (digits !== undefined && hex.length === digits && /^[0-9a-fA-F]+$/.test(hex)) {
      const code = parseInt(hex, 16);
      end = at + 2 + digits;
      decoded = code <= 0x10ffff ? String.fromCodePoint(code) : text.slice(at, end);
    } else if (/^[0-7]{3}$/.test(text.slice(at + 1, at + 4))) {
      end = at + 4;
      decoded = String.fromCharCode(parseInt(text.slice(at + 1, end), 8));
    } else if (next === '\r' || next === '\n') {
      end = at + 1;
      if (text[end] === '\r') end++;
      if (text[end] === '\n') end++;
      while (text[end] === ' ' || text[end] === '\t') end++;
      decoded = '';
    } else {
      decoded = ESCAPED_CHARACTER[next] ?? next;
    }
    parts.push(decoded);
    copied = end;
    at = text.indexOf('\\', copied);
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

/**
 * Go source with its comments blanked, newlines kept: rules read code and string values, never what
 * a comment says (prose is full of words such as "token" or "pass").
 */
export function withoutGoComments(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let at = 0;
  while (at < text.length) {
    const c = text[at];
    if (c === '"' || c === "'") {
      // An interpreted string or a rune: to its closing quote, escapes skipped, never past the line.
      for (at++; at < text.length; at++) {
        if (text[at] === '\\') at++;
        else if (text[at] === c || text[at] === '\n') break;
      }
      at++;
    } else if (c === '`') {
      const end = text.indexOf('`', at + 1);
      at = end === -1 ? text.length : end + 1;
    } else if (c === '/' && (text[at + 1] === '/' || text[at + 1] === '*')) {
      const line = text[at + 1] === '/';
      const end = line ? text.indexOf('\n', at) : text.indexOf('*/', at + 2);
      const stop = end === -1 ? text.length : line ? end : end + 2;
      parts.push(text.slice(copied, at), line ? ' ' : text.slice(at, stop).replace(/[^\n]+/g, ' '));
      at = copied = stop;
    } else {
      at++;
    }
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

/**
 * A text as hints match it: Go without its comments, as written or with its escapes decoded (each
 * made once, on first need). Answers are kept by pattern: a file's own text is asked a package
 * pattern again when its folder is, and rules share patterns.
 */
export class HintText {
  private code?: string;
  private decoded?: string;
  private readonly answers = new Map<RegExp, boolean>();

  constructor(readonly text: string, private readonly go: boolean) {}

  matches(pattern: RegExp): boolean {
    let answer = this.answers.get(pattern);
    if (answer === undefined) this.answers.set(pattern, (answer = this.test(pattern)));
    return answer;
  }

  private test(pattern: RegExp): boolean {
    this.code ??= this.go ? withoutGoComments(this.text) : this.text;
    if (pattern.test(this.code)) return true;
    this.decoded ??= this.code.includes('\\') ? decodeEscapes(this.code) : this.code;
    return this.decoded !== this.code && pattern.test(this.decoded);
  }
}

/** Where a package condition looks: the Go files of a folder. */
export interface FolderView {
  listDir(absPath: string): string[] | undefined;
  readFile(absPath: string): string | undefined;
}

/**
 * Answers about the Go files of folders, kept by file text: each file of a package asks about the
 * same siblings again, with the same patterns. Where files do not change, kept by folder.
 */
export class FolderHints {
  private readonly hintTexts = new Map<string, HintText>();
  /** Per folder and pattern, the files matching it (`unchangingFiles` only). */
  private readonly matchingFiles = new Map<string, Map<RegExp, string[]>>();
  /**
   * The texts of the last folder asked about (`unchangingFiles` only): its patterns are asked one after
   * another, and a scan analyses a folder's files together, so each file's comments are stripped once.
   */
  private folderTexts?: { dir: string; texts: Map<string, HintText | undefined> };

  constructor(private readonly view: FolderView, private readonly unchangingFiles = false, private readonly maxFiles = 200) {}

  /** The hint text of a file being analysed; where files do not change, the one its siblings' questions use too. */
  textOf(file: string, text: string, go: boolean): HintText {
    if (!this.unchangingFiles || !go) return new HintText(text, go);
    const texts = this.textsOf(path.dirname(file));
    const cached = texts.get(file);
    if (cached?.text === text) return cached;
    const fresh = new HintText(text, true);
    texts.set(file, fresh);
    return fresh;
  }

  private textsOf(dir: string): Map<string, HintText | undefined> {
    if (this.folderTexts?.dir !== dir) this.folderTexts = { dir, texts: new Map() };
    return this.folderTexts.texts;
  }

  /** Whether a non-test Go file of `dir` other than `except` has text matching `pattern`. */
  anyMatches(dir: string, except: string, pattern: RegExp): boolean {
    if (!this.unchangingFiles) return this.goFiles(dir).some((file) => file !== except && this.matches(file, pattern));
    let byPattern = this.matchingFiles.get(dir);
    if (!byPattern) this.matchingFiles.set(dir, (byPattern = new Map()));
    let matching = byPattern.get(pattern);
    if (!matching) {
      const texts = this.textsOf(dir);
      matching = this.goFiles(dir).filter((file) => {
        if (!texts.has(file)) {
          const text = this.view.readFile(file);
          texts.set(file, text === undefined ? undefined : new HintText(text, true));
        }
        return texts.get(file)?.matches(pattern) ?? false;
      });
      byPattern.set(pattern, matching);
    }
    return matching.some((file) => file !== except);
  }

  private goFiles(dir: string): string[] {
    return (this.view.listDir(dir) ?? []).filter((name) => name.endsWith('.go') && !name.endsWith('_test.go')).map((name) => path.join(dir, name));
  }

  private matches(file: string, pattern: RegExp): boolean {
    const text = this.view.readFile(file);
    if (text === undefined) return false;
    let hintText = this.hintTexts.get(file);
    if (hintText?.text !== text) {
      hintText = new HintText(text, true);
      this.hintTexts.delete(file);
      this.hintTexts.set(file, hintText);
      if (this.hintTexts.size > this.maxFiles) this.hintTexts.delete(this.hintTexts.keys().next().value as string);
    }
    return hintText.matches(pattern);
  }
}

/**
 * Whether a rule's hint lets it run on a file in `language` with `text`; `packageMatches` answers
 * whether a Go file of the file's folder (the file itself included) matches a pattern.
 */
export function hintHolds(hint: RuleMeta['textHint'], language: LanguageId, text: HintText, packageMatches: (pattern: RegExp) => boolean): boolean {
  if (!hint) return true;
  if (hint instanceof RegExp) return text.matches(hint);
  const conditions = hint.filter((c) => !c.languages || c.languages.includes(language));
  return conditions.length === 0 || conditions.some((c) => (!c.file || text.matches(c.file)) && (!c.package || packageMatches(c.package)));
}
