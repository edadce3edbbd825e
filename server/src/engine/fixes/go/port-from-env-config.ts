// Read port from PORT through the app's config: where the code has a config loader, a read of PORT
// outside it is a finding of its own (config/scattered-env-access). The loader reads PORT, with the
// old port as its fallback, into a `Port` field, and the listen address reads the field from the
// config value in scope.
import type { Node } from 'web-tree-sitter';
import type { GoFile } from '../../languages/go';
import type { FileChange, FixContext, TextEdit } from '../types';
import { appendAligned } from './extract-align';
import { configInScope, type ConfigInScope } from './extract-scope';
import { concatenation } from './port-from-env-gofmt';
import { portRead } from './port-from-env';

const FIELD = 'Port';

/** The config value in scope at the literal whose loader can take the field; undefined otherwise. */
export function portConfig(ctx: FixContext, file: GoFile, literal: Node): ConfigInScope | undefined {
  const inScope = configInScope(ctx.workspace, file, ctx.workspace.packageOf(file), literal);
  return inScope?.struct.loader && !inScope.struct.fieldEnvVars.has(FIELD) ? inScope : undefined;
}

/** The edits: the field, its read in the loader, and the literal replaced (`declaration` edits the literal's file too). */
export function portThroughConfig(ctx: FixContext, file: GoFile, literal: Node, config: ConfigInScope, port: string, host: string, declaration: TextEdit[]): FileChange[] | undefined {
  const { struct, access } = config;
  const loader = struct.loader!;
  const fieldEdits = appendAligned(struct.file, struct.fields, [FIELD, 'string']);
  if (!fieldEdits) return undefined;
  const read = portRead(ctx, loader.file, port);
  const element = loader.composite && appendAligned(loader.file, loader.composite, [`${FIELD}:`, `${read.expression},`]);
  const indent = /^\t*/.exec(loader.file.text.split('\n')[loader.finalReturn.startPosition.row])![0];
  const at = { line: loader.finalReturn.startPosition.row, character: 0 };
  const loaderEdits = element ?? [{ range: { start: at, end: at }, newText: `${indent}${loader.variable}.${FIELD} = ${read.expression}\n` }];

  const field = `${access}.${FIELD}`;
  const edits = new Map<string, TextEdit[]>();
  const add = (path: string, list: TextEdit[]): void => void edits.set(path, [...(edits.get(path) ?? []), ...list]);
  add(struct.file.path, fieldEdits);
  add(loader.file.path, [...read.edits, ...loaderEdits]);
  add(file.path, [...declaration, { range: file.range(literal), newText: host ? concatenation(literal, JSON.stringify(host), field) : field }]);
  return [...edits].map(([path, list]): FileChange => ({ kind: 'edit', path, edits: list }));
}
