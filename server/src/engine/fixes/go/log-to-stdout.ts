// Log to stdout: the logger's file writer becomes os.Stdout. An opened log file is replaced where a
// logger takes it (`log.SetOutput(f)`, `slog.NewJSONHandler(f, …)`, `io.MultiWriter(os.Stdout, f)`),
// and the opening code (with its error check and Close) goes when nothing else uses the file; a
// lumberjack logger becomes os.Stdout; a zap output path becomes "stdout" ("stderr" for error paths).
import type { Node } from 'web-tree-sitter';
import { callInfo, descendants, LOG_PACKAGE_PATH, literalSite, nodeRange, stringValue, usesOfVariable, valueParent, type GoFile } from '../../languages/go';
import type { Finding } from '../../types';
import type { FindingFixProvider, Fix, FixContext, TextEdit } from '../types';
import { ensureImports } from './imports';
import { applied, removeStatementLines, unusedImportEdits } from './log-to-stdout-removal';
import { literalAt, sameRange } from './port-from-env';
import { checksError } from './shutdown';

/** Writer fields of logger options and framework log settings. */
const WRITER_FIELDS = new Set(['Out', 'Output', 'Writer', 'DefaultWriter', 'DefaultErrorWriter']);

interface Plan {
  edits: TextEdit[];
  /** Import paths the edits may leave unused. */
  mayBeUnused: string[];
}

function stdout(file: GoFile): { text: string; edits: TextEdit[] } {
  const plan = ensureImports(file, ['os']);
  return { text: `${plan.qualifiers.get('os')}.Stdout`, edits: plan.edits };
}

/** Whether a use of the file hands it to a logger as its writer. */
function isLoggerWriter(file: GoFile, use: Node): boolean {
  const site = literalSite(use);
  if (site.kind === 'field') return WRITER_FIELDS.has(site.name);
  if (site.kind === 'assign') return site.nameNode.type === 'field_identifier' && WRITER_FIELDS.has(site.name);
  if (site.kind !== 'argument') return false;
  const call = callInfo(site.call);
  const importPath = call.receiver && !call.receiver.includes('.') ? file.importOf(call.receiver) : undefined;
  return call.name === 'SetOutput' || (importPath === 'io' && call.name === 'MultiWriter') || (!!importPath && LOG_PACKAGE_PATH.test(importPath));
}

/** `f` in `io.MultiWriter(os.Stdout, f)` is dropped (stdout is there already); elsewhere it becomes os.Stdout. */
function replaceWriter(use: Node, out: { text: string }): TextEdit {
  const site = literalSite(use);
  const call = site.kind === 'argument' ? callInfo(site.call) : undefined;
  if (call?.name === 'MultiWriter') {
    const others = call.args.filter((a) => a.id !== use.id);
    if (others.some((a) => a.text === out.text)) {
      if (others.length === 1) return { range: nodeRange(call.node), newText: others[0].text };
      const index = call.args.findIndex((a) => a.id === use.id);
      const range = index > 0 ? { start: nodeRange(call.args[index - 1]).end, end: nodeRange(use).end } : { start: nodeRange(use).start, end: nodeRange(call.args[1]).start };
      return { range, newText: '' };
    }
  }
  return { range: nodeRange(use), newText: out.text };
}

/** `f.Close()` / `defer f.Close()` (or Sync): statements that only tidy up the file. */
function closingStatement(use: Node): Node | undefined {
  const selector = use.parent;
  const call = selector?.type === 'selector_expression' ? selector.parent : null;
  if (call?.type !== 'call_expression' || !/^(Close|Sync)$/.test(selector?.childForFieldName('field')?.text ?? '')) return undefined;
  const statement = call.parent;
  return statement?.type === 'expression_statement' || statement?.type === 'defer_statement' ? statement : undefined;
}

/** Whether `name` is declared before `statement` in its block (or is a parameter or named result of the function whose body it is). */
function declaredBefore(statement: Node, name: string): boolean {
  const declares = (n: Node): boolean =>
    (n.type === 'short_var_declaration' && (n.childForFieldName('left')?.namedChildren ?? []).some((l) => l?.text === name)) ||
    (n.type === 'var_declaration' && descendants(n, 'var_spec').some((s) => s.childrenForFieldName('name').some((l) => l?.text === name)));
  for (let s = statement.previousNamedSibling; s; s = s.previousNamedSibling) if (declares(s)) return true;
  const body = statement.parent?.parent;
  const fn = body?.type === 'block' ? body.parent : null;
  if (!fn || !['function_declaration', 'method_declaration', 'func_literal'].includes(fn.type)) return false;
  return ['parameters', 'result'].some((field) => {
    const list = fn.childForFieldName(field);
    return !!list && descendants(list, 'identifier').some((i) => i.text === name);
  });
}

/** `f, err := os.OpenFile(…)`: the file's logger uses become os.Stdout; the file goes when nothing else uses it. */
function openedFilePlan(ctx: FixContext, file: GoFile, finding: Finding): Plan | undefined {
  const call = file.calls.find((c) => sameRange(nodeRange(c.node), finding.range));
  const list = call?.node.parent;
  const holder = list?.type === 'expression_list' && list.namedChildren.length === 1 ? list.parent : null;
  if (holder?.type !== 'short_var_declaration' || holder.parent?.type !== 'statement_list') return undefined;
  const [fileVar, errVar] = holder.childForFieldName('left')?.namedChildren ?? [];
  if (fileVar?.type !== 'identifier' || fileVar.text === '_') return undefined;
  const packageFiles = ctx.workspace.packageLookup(file);
  const out = stdout(file);
  const writerUses: Node[] = [];
  const closing: Node[] = [];
  let otherUses = 0;
  for (const use of usesOfVariable(fileVar, packageFiles)) {
    const close = closingStatement(use);
    if (close) closing.push(close);
    else if (isLoggerWriter(file, use)) writerUses.push(use);
    else otherUses++;
  }
  if (writerUses.length === 0) return undefined;
  const edits = [...out.edits, ...writerUses.map((use) => replaceWriter(use, out))];
  if (otherUses > 0) {
    // The file stays for its other uses; a file flagged for its name or path alone would stay flagged.
    return finding.data?.namedAsLog ? undefined : { edits, mayBeUnused: ['io'] };
  }
  const removed = [...closing];
  const err = errVar?.type === 'identifier' && errVar.text !== '_' ? errVar : undefined;
  const check = err ? holder.nextNamedSibling : null;
  if (err && checksError(check, err.text)) removed.push(check);
  const inRemoved = (n: Node): boolean => [holder, ...removed].some((r) => r.startIndex <= n.startIndex && n.endIndex <= r.endIndex);
  // Code after the file still reading this `err` keeps a declaration of it.
  const errStillRead = !!err && !declaredBefore(holder, err.text) && usesOfVariable(err, packageFiles).some((u) => !inRemoved(u));
  if (errStillRead) edits.push({ range: nodeRange(holder), newText: `var ${err.text} error` });
  else removed.push(holder);
  edits.push(...removeStatementLines(file.text, removed));
  return { edits, mayBeUnused: ['io'] };
}

/** `&lumberjack.Logger{…}` becomes os.Stdout, unless the code calls the logger's own methods (Rotate). */
function rotatingLoggerPlan(ctx: FixContext, file: GoFile, finding: Finding): Plan | undefined {
  const composite = descendants(file.root, 'composite_literal').find((c) => sameRange(nodeRange(c), finding.range));
  if (!composite) return undefined;
  const value = valueParent(composite).node;
  const site = literalSite(value);
  if (site.kind === 'assign') {
    if (site.nameNode.parent?.type === 'var_spec' && site.nameNode.parent.childForFieldName('type')) return undefined;
    if (site.nameNode.type === 'identifier' && usesOfVariable(site.nameNode, ctx.workspace.packageLookup(file)).some((u) => u.parent?.type === 'selector_expression')) return undefined;
  }
  const type = composite.childForFieldName('type');
  const qualifier = type?.type === 'qualified_type' ? type.childForFieldName('package')?.text : undefined;
  const importPath = [...file.imports].find(([q]) => q === qualifier)?.[1];
  const out = stdout(file);
  return { edits: [...out.edits, { range: nodeRange(value), newText: out.text }], mayBeUnused: importPath ? [importPath] : [] };
}

/** A zap output path becomes "stdout" ("stderr" among error outputs), or goes when the list has that stream already. */
function zapPathPlan(file: GoFile, finding: Finding): Plan | undefined {
  const literal = literalAt(file, finding.range);
  const element = literal?.parent;
  if (!literal || element?.type !== 'literal_element') return undefined;
  const stream = finding.data?.writer === 'zap.ErrorOutputPaths' ? 'stderr' : 'stdout';
  const elements = (element.parent?.namedChildren ?? []).filter((e): e is Node => e?.type === 'literal_element');
  const streamListed = elements.some((e) => e.namedChildren[0] && /^(interpreted|raw)_string_literal$/.test(e.namedChildren[0].type) && stringValue(e.namedChildren[0]) === stream);
  if (!streamListed) return { edits: [{ range: nodeRange(literal), newText: `"${stream}"` }], mayBeUnused: [] };
  const index = elements.findIndex((e) => e.id === element.id);
  const range = index > 0 ? { start: nodeRange(elements[index - 1]).end, end: nodeRange(element).end } : { start: nodeRange(element).start, end: nodeRange(elements[1]).start };
  return { edits: [{ range, newText: '' }], mayBeUnused: [] };
}

export const logToStdoutFix: FindingFixProvider = {
  ruleIds: ['logs/writes-log-file'],
  fixesFor(finding: Finding, ctx: FixContext): Fix[] {
    const file = ctx.go;
    const writer = String(finding.data?.writer ?? '');
    if (!file) return [];
    const plan = writer.startsWith('zap.')
      ? zapPathPlan(file, finding)
      : writer === 'lumberjack.Logger'
        ? rotatingLoggerPlan(ctx, file, finding)
        : /\.(OpenFile|Create)$/.test(writer)
          ? openedFilePlan(ctx, file, finding)
          : undefined;
    if (!plan) return [];
    const edits = [...plan.edits, ...unusedImportEdits(file, applied(file.text, plan.edits), plan.mayBeUnused)];
    const label = String(finding.data?.label ?? 'a file');
    return [{ title: `Log to stdout instead of ${label}`, kind: 'quickfix', ruleId: finding.ruleId, isPreferred: true, safe: true, changes: [{ kind: 'edit', path: ctx.path, edits }] }];
  },
};
