// Logs routed to files or rotated by the app. One finding per construct, on the file writer's creation:
// an `os.OpenFile`/`os.Create` whose path is a log path or whose file reaches a logger (followed through
// variables, struct fields, `io.MultiWriter` and helpers that return it), a lumberjack logger, a
// rotatelogs writer, a zap output path.
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../../rule';
import type { FindingDraft } from '../../types';
import { PackageView } from '../../workspace';
import { callInfo, type CallInfo, descendants, enclosingFunction, fieldReads, functionName, type GoFile, isStringLiteral, literalSite, LOG_PACKAGE_PATH, pathPattern, stringValue, usesOfVariable, valueParent } from '../../languages/go';
import { isLogFilePath, splitWords } from '../../util/literals';
import { allOf, anyOf, names, quotedPath } from '../hint-patterns';

const STD_STREAM_PATH = /^(\/dev\/)?(stdout|stderr)$/;
const DISCARDED = /^(\/dev\/null|os\.DevNull)$/;
const LOG_PACKAGE_WRITER_CALL = /^(New\w*|SetOutput|Output|AddSync|Lock|MultiLevelWriter|SyncWriter)$/;
/** Writers that pass what they get on: a file inside them still ends up where they go. */
const PASS_THROUGH = /^(io\.MultiWriter|bufio\.NewWriter(Size)?|zapcore\.(AddSync|Lock)|append)$/;
/** Writer fields of logger options and framework log settings: `logrus.Logger{Out: f}`, `gin.DefaultWriter = f`. */
const WRITER_FIELDS = new Set(['Out', 'Output', 'Writer']);
const FRAMEWORK_LOG_WRITERS = new Set(['DefaultWriter', 'DefaultErrorWriter']);
const WRITE_FLAGS = /O_WRONLY|O_RDWR|O_APPEND|O_CREATE|O_TRUNC/;
/** Logs that are a program's data, not its event stream: write-ahead logs, Raft logs, binlogs, journals. */
const DATA_LOG_WORDS = new Set([
  'wal', 'raft', 'commit', 'commitlog', 'journal', 'segment', 'segments', 'vlog', 'aof', 'binlog', 'oplog', 'redo', 'undo', 'txn',
  'transaction', 'transactions', 'replication', 'changelog',
]);
const MAX_DEPTH = 5;

/** `logFile`, `LoggingHandler`, `access_log`; not `login`, `catalog`, `changeLog`. */
function mentionsLog(name: string): boolean {
  const words = splitWords(name);
  return words.some((w, i) => /^log(s|ger|gers|ging|file|path|dir)?$/.test(w) && words[i - 1] !== 'change');
}

function namesDataLog(text: string): boolean {
  return splitWords(text).some((w) => DATA_LOG_WORDS.has(w));
}

function message(label: string): string {
  return `logs are written to a file (${label}); write them to stdout as an event stream (os.Stdout) and let the environment route them`;
}

/** The qualifier's import path; also for packages whose name is not their path's last element (`file-rotatelogs` is `rotatelogs`). */
function importOfQualifier(file: GoFile, qualifier: string): string | undefined {
  const direct = file.importOf(qualifier);
  if (direct) return direct;
  for (const importPath of file.imports.values()) {
    const last = importPath.split('/').pop() ?? '';
    if (last.replace(/\.v\d+$/, '').split(/[-.]/).includes(qualifier)) return importPath;
  }
  return undefined;
}

class LogFlow {
  private readonly pkg: PackageView;
  private readonly visiting = new Set<string>();

  constructor(ctx: RuleContext, go: GoFile) {
    this.pkg = new PackageView(ctx.workspace, go);
  }

  private fileOf(node: Node): GoFile {
    return this.pkg.fileOf(node) ?? this.pkg.file;
  }

  /** Whether a writer value ends up as a logger's output. */
  reachesLogger(value: Node, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    let { node } = valueParent(value);
    if (node.parent?.type === 'variadic_argument') node = node.parent; // io.MultiWriter(writers...)
    const site = literalSite(node);
    switch (site.kind) {
      case 'argument': {
        const call = callInfo(site.call);
        if (this.isLoggerSink(call)) return true;
        return PASS_THROUGH.test(call.callee) && this.reachesLogger(call.node, depth + 1);
      }
      case 'field':
        if (WRITER_FIELDS.has(site.name) && mentionsLog(site.composite.childForFieldName('type')?.text ?? '')) return true;
        if (WRITER_FIELDS.has(site.name) && this.isLogPackageType(site.composite)) return true;
        return this.fieldReachesLogger(site.name, depth);
      case 'assign':
        if (site.nameNode.type === 'field_identifier') {
          const target = site.nameNode.parent;
          const receiver = target?.childForFieldName('operand')?.text ?? '';
          if (FRAMEWORK_LOG_WRITERS.has(site.name)) return true;
          if (WRITER_FIELDS.has(site.name) && mentionsLog(receiver)) return true;
          return this.fieldReachesLogger(site.name, depth);
        }
        return site.name !== '_' && this.variableReachesLogger(site.nameNode, depth);
      case 'return':
        return this.returnedToLogger(node, depth);
      default:
        return false;
    }
  }

  private isLoggerSink(call: CallInfo): boolean {
    const file = this.fileOf(call.node);
    const qualifier = call.receiver.split('.')[0];
    const importPath = call.receiver && !call.receiver.includes('.') ? importOfQualifier(file, qualifier) : undefined;
    if (call.name === 'SetOutput') {
      // flag sets and cobra commands have a SetOutput for usage text
      return importPath !== 'flag' && !/flag|cmd|command/i.test(call.receiver);
    }
    if (importPath && LOG_PACKAGE_PATH.test(importPath) && LOG_PACKAGE_WRITER_CALL.test(call.name)) return true;
    return mentionsLog(call.name);
  }

  private isLogPackageType(composite: Node): boolean {
    const type = composite.childForFieldName('type');
    const qualifier = type?.type === 'qualified_type' ? type.childForFieldName('package')?.text : undefined;
    const importPath = qualifier ? importOfQualifier(this.fileOf(composite), qualifier) : undefined;
    return !!importPath && LOG_PACKAGE_PATH.test(importPath);
  }

  private variableReachesLogger(nameNode: Node, depth: number): boolean {
    const key = `${this.fileOf(nameNode).path}:${nameNode.startIndex}`;
    if (this.visiting.has(key)) return false;
    this.visiting.add(key);
    try {
      return usesOfVariable(nameNode, () => this.pkg.filesMentioning(nameNode.text)).some((use) => this.reachesLogger(use, depth + 1));
    } finally {
      this.visiting.delete(key);
    }
  }

  private fieldReachesLogger(field: string, depth: number): boolean {
    const key = `.${field}`;
    if (this.visiting.has(key)) return false;
    this.visiting.add(key);
    try {
      return fieldReads(this.pkg.filesMentioning(`.${field}`), field).some((read) => this.reachesLogger(read, depth + 1));
    } finally {
      this.visiting.delete(key);
    }
  }

  /** A helper returning the file: does a caller in the package hand the result to a logger? */
  private returnedToLogger(returned: Node, depth: number): boolean {
    const fn = enclosingFunction(returned);
    const name = fn ? functionName(fn) : '';
    if (!fn || !name) return false;
    const isMethod = fn.type === 'method_declaration';
    return this.pkg
      .filesMentioning(`${name}(`)
      .flatMap((f) => f.calls)
      .filter((c) => c.name === name && (isMethod ? c.receiver !== '' : c.receiver === ''))
      .some((c) => this.reachesLogger(c.node, depth + 1));
  }
}

/** `os.OpenFile(…, os.O_RDONLY, 0)` reads a file; it writes no logs. */
function opensForReading(call: CallInfo): boolean {
  if (call.name !== 'OpenFile') return false;
  const flags = call.args[1]?.text ?? '';
  return /O_RDONLY/.test(flags) && !WRITE_FLAGS.test(flags);
}

/** `logFile, err := os.OpenFile(…)`, `s.accessLog, err = os.Create(…)`: the file is named a log where it is kept. */
function assignedToLogName(call: Node): boolean {
  const site = literalSite(call);
  return site.kind === 'assign' && mentionsLog(site.name) && !namesDataLog(site.name);
}

function fileWriterFindings(go: GoFile, flow: LogFlow): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const call of go.calls) {
    if ((call.name !== 'OpenFile' && call.name !== 'Create') || go.importOf(call.receiver) !== 'os' || !call.args[0]) continue;
    if (opensForReading(call)) continue;
    const pattern = pathPattern(go, call.args[0]);
    if (STD_STREAM_PATH.test(pattern) || DISCARDED.test(pattern) || DISCARDED.test(call.args[0].text)) continue;
    const logPath =
      !namesDataLog(`${call.args[0].text} ${pattern}`) &&
      (isLogFilePath(pattern) || descendants(call.args[0], ['identifier', 'field_identifier']).some((n) => !!n && mentionsLog(n.text)));
    const namedAsLog = logPath || assignedToLogName(call.node);
    if (!namedAsLog && !flow.reachesLogger(call.node, 0)) continue;
    const label = /[^*/]/.test(pattern) ? path.posix.basename(pattern) : call.args[0].text.replace(/\s+/g, ' ').slice(0, 40);
    // namedAsLog: the file is flagged for its path or name alone, not only for reaching a logger.
    out.push({ range: go.range(call.node), message: message(label), data: { writer: call.callee, label, namedAsLog } });
  }
  return out;
}

/** `&lumberjack.Logger{Filename: "…"}` (on the composite literal) and `rotatelogs.New("…")`. */
function rotationFindings(go: GoFile): FindingDraft[] {
  const out: FindingDraft[] = [];
  const composites = go.importsPath((p) => p.includes('lumberjack')) ? descendants(go.root, 'composite_literal') : [];
  for (const composite of composites) {
    const type = composite?.childForFieldName('type');
    if (!composite || type?.type !== 'qualified_type' || type.childForFieldName('name')?.text !== 'Logger') continue;
    const importPath = importOfQualifier(go, type.childForFieldName('package')?.text ?? '');
    if (!importPath?.includes('lumberjack')) continue;
    const filename = composite.childForFieldName('body')?.namedChildren.find((e) => e?.type === 'keyed_element' && e.namedChildren[0]?.text === 'Filename');
    const value = filename?.namedChildren[1]?.namedChildren[0];
    const label = value && isStringLiteral(value) ? path.posix.basename(stringValue(value)) : 'rotated by lumberjack';
    out.push({ range: go.range(composite), message: message(label), data: { writer: 'lumberjack.Logger', label } });
  }
  const rotatelogsCalls = go.importsPath((p) => p.includes('rotatelogs')) ? go.calls : [];
  for (const call of rotatelogsCalls) {
    if (call.name !== 'New' || !importOfQualifier(go, call.receiver)?.includes('rotatelogs')) continue;
    const first = call.args[0];
    const label = first && isStringLiteral(first) ? path.posix.basename(stringValue(first)) : 'rotated by rotatelogs';
    out.push({ range: go.range(call.node), message: message(label), data: { writer: 'rotatelogs.New' } });
  }
  return out;
}

/** zap `OutputPaths`/`ErrorOutputPaths` entries other than stdout/stderr (on the entry). */
function zapPathFindings(go: GoFile): FindingDraft[] {
  if (!go.importsPath((p) => p === 'go.uber.org/zap')) return [];
  const out: FindingDraft[] = [];
  for (const { node, value } of go.literals) {
    const site = go.siteOf(node);
    if (site.kind !== 'element') continue;
    const destination = literalSite(site.composite);
    const field = destination.kind === 'field' || destination.kind === 'assign' ? destination.name : '';
    if (field !== 'OutputPaths' && field !== 'ErrorOutputPaths') continue;
    if (value === '' || STD_STREAM_PATH.test(value) || (value.includes('://') && !value.startsWith('file://'))) continue;
    const label = path.posix.basename(value.replace(/^file:\/\//, ''));
    out.push({ range: go.range(node), message: message(label), data: { writer: `zap.${field}`, label } });
  }
  return out;
}

const rule: Rule = {
  meta: {
    id: 'logs/writes-log-file',
    factor: 'logs',
    severity: 'warning',
    languages: ['go'],
    summary: 'Logs are written to files instead of stdout',
    // `os.OpenFile`/`os.Create`, a rotating logger's package, or zap's output paths.
    textHint: new RegExp(anyOf(allOf(names(['OpenFile', 'Create']), quotedPath('os')), /lumberjack|rotatelogs|OutputPaths/)),
  },
  check(ctx) {
    const { go } = ctx;
    if (!go) return [];
    const flow = new LogFlow(ctx, go);
    return [...fileWriterFindings(go, flow), ...rotationFindings(go), ...zapPathFindings(go)];
  },
};

export default rule;
