// A config value the code at a literal can reach: a parameter, a local declared before it (`cfg, err :=
// LoadConfig()`), or a field of the method's receiver (`s.cfg`), with the struct it holds.
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import { baseType, callInfo, descendants, enclosingFunction, functionName, type GoFile } from '../../languages/go';
import type { GoWorkspace } from '../../workspace';
import { CONFIG_TYPE_NAME, structIn, structOfType, type ConfigStruct } from './config-struct';

export interface ConfigInScope {
  /** The expression holding the config: `cfg`, `s.cfg`. */
  access: string;
  struct: ConfigStruct;
}

export function configInScope(ws: GoWorkspace, file: GoFile, packageFiles: GoFile[], literal: Node): ConfigInScope | undefined {
  for (let fn = enclosingFunction(literal); fn; fn = enclosingFunction(fn)) {
    const found = fromLocals(ws, file, packageFiles, fn, literal) ?? fromParameters(ws, file, packageFiles, fn) ?? fromReceiver(ws, packageFiles, fn);
    if (found) return found;
  }
  return undefined;
}

function fromParameters(ws: GoWorkspace, file: GoFile, packageFiles: GoFile[], fn: Node): ConfigInScope | undefined {
  for (const param of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    const type = param?.type === 'parameter_declaration' ? param.childForFieldName('type') : null;
    const name = param?.childrenForFieldName('name')[0]?.text;
    const struct = type && name && name !== '_' ? structOfType(ws, file, packageFiles, type) : undefined;
    if (struct) return { access: name!, struct };
  }
  return undefined;
}

/** `cfg, err := LoadConfig()`, `var cfg Config`, `cfg := Config{…}` declared before the literal in a block around it. */
function fromLocals(ws: GoWorkspace, file: GoFile, packageFiles: GoFile[], fn: Node, literal: Node): ConfigInScope | undefined {
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  for (const decl of descendants(body, ['short_var_declaration', 'var_spec']).reverse()) {
    if (decl.endIndex > literal.startIndex || enclosingFunction(decl)?.id !== fn.id || !visibleAt(decl, literal)) continue;
    if (decl.type === 'var_spec') {
      const type = decl.childForFieldName('type');
      const name = decl.childrenForFieldName('name')[0]?.text;
      const struct = type && name ? structOfType(ws, file, packageFiles, type) : undefined;
      if (struct) return { access: name!, struct };
      continue;
    }
    const name = decl.childForFieldName('left')?.namedChildren[0]?.text;
    const value = decl.childForFieldName('right')?.namedChildren[0];
    const struct = name && value ? structOfValue(ws, file, packageFiles, value) : undefined;
    if (struct) return { access: name!, struct };
  }
  return undefined;
}

const SCOPES = new Set(['statement_list', 'block', 'if_statement', 'for_statement', 'expression_switch_statement', 'type_switch_statement']);

/** The declaration's block (or the statement its initialiser belongs to) contains the literal. */
function visibleAt(decl: Node, literal: Node): boolean {
  let scope: Node | null = decl.parent;
  while (scope && !SCOPES.has(scope.type)) scope = scope.parent;
  return !!scope && scope.startIndex <= literal.startIndex && literal.endIndex <= scope.endIndex;
}

/** The config struct a value has: a composite of it, or what a loader call returns. */
function structOfValue(ws: GoWorkspace, file: GoFile, packageFiles: GoFile[], value: Node): ConfigStruct | undefined {
  const inner = value.type === 'unary_expression' ? value.childForFieldName('operand') ?? value : value;
  if (inner.type === 'composite_literal') {
    const type = inner.childForFieldName('type');
    return type ? structOfType(ws, file, packageFiles, type) : undefined;
  }
  if (inner.type !== 'call_expression') return undefined;
  const call = callInfo(inner);
  if (!call.receiver) return resultStruct(ws, packageFiles, call.name);
  const importPath = file.importOf(call.receiver);
  const module = ws.moduleOf(path.dirname(file.path));
  const dir = module && importPath ? ws.dirOfImport(module, importPath) : undefined;
  return dir ? resultStruct(ws, ws.packageFiles(dir), call.name) : undefined;
}

/** The config struct a package function returns first. */
function resultStruct(ws: GoWorkspace, files: GoFile[], name: string): ConfigStruct | undefined {
  for (const f of files) {
    const fn = f.root.namedChildren.find((n) => n?.type === 'function_declaration' && functionName(n) === name);
    const result = fn?.childForFieldName('result');
    const type = result?.type === 'parameter_list' ? result.namedChildren.find((p) => p?.type === 'parameter_declaration')?.childForFieldName('type') : result;
    if (type) {
      const base = baseType(type);
      return base.type === 'type_identifier' && CONFIG_TYPE_NAME.test(base.text) ? structIn(ws, files, base.text) : undefined;
    }
  }
  return undefined;
}

/** A method whose receiver's struct holds the config: `func (s *server) …` with `cfg Config` → `s.cfg`. */
function fromReceiver(ws: GoWorkspace, packageFiles: GoFile[], fn: Node): ConfigInScope | undefined {
  if (fn.type !== 'method_declaration') return undefined;
  const receiver = fn.childForFieldName('receiver')?.namedChildren.find((p) => p?.type === 'parameter_declaration');
  const name = receiver?.childrenForFieldName('name')[0]?.text;
  const type = receiver?.childForFieldName('type');
  if (!name || name === '_' || !type) return undefined;
  const typeName = baseType(type).text;
  for (const f of packageFiles) {
    for (const spec of descendants(f.root, 'type_spec')) {
      if (spec.childForFieldName('name')?.text !== typeName) continue;
      const fields = spec.childForFieldName('type')?.namedChildren.find((c) => c?.type === 'field_declaration_list');
      for (const field of fields?.namedChildren ?? []) {
        const fieldType = field?.type === 'field_declaration' ? field.childForFieldName('type') : null;
        const struct = fieldType ? structOfType(ws, f, packageFiles, fieldType) : undefined;
        if (!struct) continue;
        const fieldName = field!.childrenForFieldName('name')[0]?.text ?? baseType(fieldType!).text.split('.').pop();
        return { access: `${name}.${fieldName}`, struct };
      }
      return undefined;
    }
  }
  return undefined;
}
