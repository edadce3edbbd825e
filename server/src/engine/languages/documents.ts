// Parsers for the files around an app: YAML (compose, Kubernetes, config) with source ranges,
// Dockerfiles, and line-oriented files (Procfile, .env, go.mod, requirements.txt).
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { Range } from '../types';

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
