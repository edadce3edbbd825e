// Parsers for the files around an app: YAML (compose, Kubernetes, config) with source ranges,
// Dockerfiles, and line-oriented files (Procfile, .env, go.mod, requirements.txt).
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { Position, Range } from '../types';

export interface YamlFile {
  documents: Document.Parsed[];
  /** Range of a `[start, valueEnd, nodeEnd]` offset triple from the yaml package. */
  range(offsets: readonly [number, number, number] | undefined): Range;
}

/** Never throws: malformed YAML yields documents with `errors` set, positions included. */
export function parseYaml(text: string): YamlFile {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { keepSourceTokens: true, lineCounter, uniqueKeys: false });
  const list = Array.isArray(documents) ? documents : [];
  const position = (offset: number): { line: number; character: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line - 1, character: col - 1 };
  };
  return {
    documents: list,
    range: (offsets) => {
      if (!offsets) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return { start: position(offsets[0]), end: position(offsets[1]) };
    },
  };
}

export function parseDockerfile(text: string): Dockerfile {
  return DockerfileParser.parse(text);
}

export interface Line {
  /** Zero-based line number. */
  index: number;
  text: string;
}

/** Lines with their numbers; CRLF endings dropped. */
export function lines(text: string): Line[] {
  return text.split('\n').map((t, index) => ({ index, text: t.replace(/\r$/, '') }));
}

/** A range over part of one line. */
export function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** Offsets of a text to line/character positions and back (UTF-16 units, as LSP counts). */
export class TextIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - this.lineStarts[low] };
  }

  offset(position: Position): number {
    return (this.lineStarts[position.line] ?? this.text.length) + position.character;
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}

/**
 * Where a finding about a whole file sits: its first line that is neither blank nor a comment (`#`,
 * `;`, `!`, `//`), so that a header comment stays a comment and a `ignore-next-line` directive can
 * go above it. Line 1 when the file has no such line.
 */
export function fileHeadRange(text: string): Range {
  const first = lines(text)[0];
  return lineRange(0, 0, first ? first.text.length : 0);
}
