// Key/value pairs of line-oriented config files (.ini, .toml, .properties), each with the section
// it is in and where its value is written. Only string values are read: numbers, booleans, arrays
// and multi-line values hold no single credential worth reporting.
import { lines } from './documents';

export interface ConfigEntry {
  /** Section or table the key is in (`[database]` → `['database']`), outermost first. */
  section: string[];
  key: string;
  /** The value as the app reads it (quotes removed, escapes decoded). */
  value: string;
  /** Zero-based line of the value, and the characters its written form spans on that line. */
  line: number;
  start: number;
  end: number;
}

/** `[section]` headers; `key = value` or `key: value`; `;` and `#` comments, also after a value. */
export function iniEntries(text: string): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  let section: string[] = [];
  for (const { index, text: line } of lines(text)) {
    const header = /^\s*\[([^\]]+)\]\s*([;#].*)?$/.exec(line);
    if (header) {
      section = [header[1].trim()];
      continue;
    }
    const pair = /^\s*([^;#=:\s][^=:]*?)\s*[=:]\s*/.exec(line);
    if (!pair) continue;
    const value = quotedOrBare(line, pair[0].length, /\s+[;#]/);
    if (value) out.push({ section, key: pair[1], line: index, ...value });
  }
  return out;
}

/** Tables `[a.b]` / `[[a]]`, `key = "basic"` / `'literal'` strings; multi-line strings are skipped whole. */
export function tomlEntries(text: string): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  let section: string[] = [];
  let openString: string | undefined;
  for (const { index, text: line } of lines(text)) {
    if (openString) {
      if (line.includes(openString)) openString = undefined;
      continue;
    }
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (header) {
      section = tomlKeyParts(header[1]);
      continue;
    }
    const pair = /^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=\s*/.exec(line);
    if (!pair) continue;
    const rest = line.slice(pair[0].length);
    const multiLine = /^("""|''')/.exec(rest);
    if (multiLine) {
      if (!rest.slice(3).includes(multiLine[1])) openString = multiLine[1];
      continue;
    }
    const value = /^["']/.test(rest) ? quotedOrBare(line, pair[0].length, /\s+#/) : undefined;
    const parts = tomlKeyParts(pair[1]);
    if (value) out.push({ section: [...section, ...parts.slice(0, -1)], key: parts[parts.length - 1], line: index, ...value });
  }
  return out;
}

function tomlKeyParts(key: string): string[] {
  return (key.match(/"[^"]*"|'[^']*'|[^.\s]+/g) ?? []).map((p) => p.replace(/^["']|["']$/g, ''));
}

/**
 * `key=value`, `key: value`, `key value`; `#`/`!` comment lines; backslash escapes. A value
 * continued on the next line (trailing backslash) is skipped with its continuation lines.
 */
export function propertiesEntries(text: string): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  let continued = false;
  for (const { index, text: line } of lines(text)) {
    const continues = /(^|[^\\])(\\\\)*\\$/.test(line);
    if (continued) {
      continued = continues;
      continue;
    }
    continued = continues;
    if (continues || /^\s*([#!]|$)/.test(line)) continue;
    const pair = /^\s*((?:\\.|[^\\=:\s])+)\s*[=:]?\s*/.exec(line);
    if (!pair) continue;
    const raw = line.slice(pair[0].length).trimEnd();
    if (raw) out.push({ section: [], key: unescapeProperties(pair[1]), value: unescapeProperties(raw), line: index, start: pair[0].length, end: pair[0].length + raw.length });
  }
  return out;
}

function unescapeProperties(text: string): string {
  const named: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) => (c.length === 5 ? String.fromCharCode(parseInt(c.slice(1), 16)) : named[c] ?? c));
}

/**
 * The value starting at `from`: a quoted string (its contents, escapes of double quotes decoded)
 * or bare text up to an inline comment.
 */
function quotedOrBare(line: string, from: number, inlineComment: RegExp): Pick<ConfigEntry, 'value' | 'start' | 'end'> | undefined {
  const quote = line[from];
  if (quote === '"' || quote === "'") {
    const close = quote === '"' ? /^"((?:\\.|[^"\\])*)"/.exec(line.slice(from)) : /^'([^']*)'/.exec(line.slice(from));
    if (!close) return undefined;
    const value = quote === '"' ? decodeDoubleQuoted(close[1]) : close[1];
    return value === undefined ? undefined : { value, start: from, end: from + close[0].length };
  }
  const comment = inlineComment.exec(line.slice(from));
  const raw = line.slice(from, comment ? from + comment.index : undefined).trimEnd();
  return raw ? { value: raw, start: from, end: from + raw.length } : undefined;
}

function decodeDoubleQuoted(body: string): string | undefined {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return undefined;
  }
}

/** `KEY=value`, `export KEY=value`; `#` comments, also after an unquoted value. A quote left open (a multi-line value) yields the rest of its line. */
export function dotenvEntries(text: string): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  for (const { index, text: line } of lines(text)) {
    const pair = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*[=:]\s*/.exec(line);
    if (!pair) continue;
    const value = quotedOrBare(line, pair[0].length, /(^|\s+)#/);
    const open = line.slice(pair[0].length).trimEnd();
    if (value) out.push({ section: [], key: pair[1], line: index, ...value });
    else if (/^["']/.test(open)) out.push({ section: [], key: pair[1], value: open.slice(1), line: index, start: pair[0].length, end: pair[0].length + open.length });
  }
  return out;
}
