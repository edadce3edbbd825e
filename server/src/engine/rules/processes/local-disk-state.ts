// A server that keeps data on its own disk (uploads, generated files, a data folder): the disk goes
// away with the process, and other processes never see it. Reported on the call that creates the file
// or folder, when its path is rooted at a literal that is no temp folder, in a program that serves
// requests (a CLI tool's files are its output; a generator's are source code). Log files
// (logs/writes-log-file), PID and lock files (concurrency/daemonizes) and embedded databases
// (backing-services/local-file-database) are the more specific rules' constructs, not ours.
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../../rule';
import type { FindingDraft, Range } from '../../types';
import { callInfo, definitionsOf, GIN_IMPORT_PATH, isStringLiteral, literalOrigins, stringValue, type CallInfo, type GoFile } from '../../languages/go';
import { isLogFilePath, isPlaceholder, isTemplate } from '../../util/literals';
import writesLogFile from '../logs/writes-log-file';
import { embeddedDatabaseOpens } from '../backing-services/local-file-database';
import { BUILD_IGNORE, declareSurvey, surveyModule } from '../module-survey';
import type { GoWorkspace } from '../../workspace';
import { allOf, anyOf, names, quotedImport, quotedPath } from '../hint-patterns';

/** `os`/`io/ioutil` functions that create or write a file or folder at their first argument, by import path. */
const FILE_WRITERS: Record<string, Set<string>> = {
  os: new Set(['Create', 'WriteFile', 'OpenFile', 'MkdirAll', 'Mkdir']),
  'io/ioutil': new Set(['WriteFile']),
};
const WRITE_FLAGS = /O_CREATE|O_WRONLY|O_RDWR|O_APPEND|O_TRUNC/;

/** Framework calls saving an uploaded file to a path: methods of a request context, or package functions. */
const UPLOAD_SAVES: { pkg: RegExp; method: string; pathArgument: number; packageFunction: boolean }[] = [
  { pkg: GIN_IMPORT_PATH, method: 'SaveUploadedFile', pathArgument: 1, packageFunction: false },
  { pkg: /^github\.com\/gofiber\/fiber(\/v\d+)?$/, method: 'SaveFile', pathArgument: 1, packageFunction: false },
  { pkg: /^github\.com\/valyala\/fasthttp$/, method: 'SaveMultipartFile', pathArgument: 1, packageFunction: true },
];
const UPLOAD_METHODS = new Set(UPLOAD_SAVES.map((s) => s.method));

/** Parts of a path pattern: `*` an unknown part, `$TMP` a temp folder. */
const UNKNOWN = '*';
const TEMP = '$TMP';
const TEMP_DIR_CALLS = new Set(['TempDir', 'MkdirTemp', 'CreateTemp', 'TempFile']);
const SAME_PATH_CALLS = /^(filepath|path)\.(Clean|Abs|FromSlash|ToSlash)$/;
/** Folders that are no app data: temp, devices, kernel views, runtime sockets and PID files. */
const NOT_STATE_ROOT = /^(\/tmp|\/var\/tmp|\/dev|\/proc|\/sys|\/run|\/var\/run)(\/|$)/;
/**
 * PID and lock files, sockets (daemonizes' and the process's own); embedded databases
 * (local-file-database's); profiles written for debugging.
 */
const NOT_STATE_FILE = /\.(pid|lock|sock|db|db3|sqlite3?|duckdb|prof|pprof)$/i;

const SERVES =
  /\bListenAndServe(TLS)?\(|\bhttp\.ResponseWriter\b|\bhttp\.Server\{|"(github\.com\/(gin-gonic\/gin|labstack\/echo|gofiber\/fiber|go-chi\/chi|gorilla\/mux|julienschmidt\/httprouter|valyala\/fasthttp|kataras\/iris|beego\/beego|cloudwego\/hertz|zeromicro\/go-zero)|google\.golang\.org\/grpc|gopkg\.in\/gin-gonic\/gin\.v\d+)(\/[^"]*)?"/;

interface FileFacts {
  /** Serves requests: a server, handlers, a web framework. */
  serves: boolean;
  imports: string[];
}

/** Whether a file serves requests, and what it imports: read off its text. */
function fileFacts(_relativePath: string, text: string): FileFacts {
  const imports = Array.from(text.matchAll(IMPORT_DECLARATION), (m) => m[1] ?? m[2]).flatMap((spec) => Array.from(spec.matchAll(/"([^"]+)"/g), (q) => q[1]));
  return { serves: SERVES.test(text), imports };
}
declareSurvey('serves-and-imports', fileFacts);

const IMPORT_DECLARATION = /^import\s*\(([^)]*)\)|^import\s+((?:[\w.]+\s+)?"[^"]+")/gm;

/**
 * Whether the program a file belongs to serves requests. A `main` package is its own program: it and
 * the module's packages it imports (transitively). Any other package may end up in any program of
 * its module: the module serves, or it does not.
 */
function programServes(workspace: GoWorkspace, go: GoFile): boolean {
  const facts = surveyModule(workspace, go, fileFacts);
  if (go.packageName !== 'main') return [...facts.values()].some((f) => f.serves);
  const module = workspace.moduleOf(path.dirname(go.path));
  // Folders relative to the module root, as the survey's paths are.
  const relativeDir = (dir: string): string => path.relative(module?.root ?? path.dirname(go.path), dir).split(path.sep).join('/') || '.';
  const byDir = new Map<string, FileFacts[]>();
  for (const [file, f] of facts) byDir.set(path.posix.dirname(file), [...(byDir.get(path.posix.dirname(file)) ?? []), f]);
  const start = relativeDir(path.dirname(go.path));
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const f of byDir.get(queue.pop()!) ?? []) {
      if (f.serves) return true;
      for (const importPath of f.imports) {
        const dir = module && workspace.dirOfImport(module, importPath);
        if (dir === undefined || seen.has(relativeDir(dir))) continue;
        seen.add(relativeDir(dir));
        queue.push(relativeDir(dir));
      }
    }
  }
  return false;
}

const rule: Rule = {
  meta: {
    id: 'processes/local-disk-state',
    factor: 'processes',
    severity: 'warning',
    languages: ['go'],
    summary: 'The app persists data on the local filesystem',
    // A file writer or an upload save called, and its package imported.
    textHint: new RegExp(
      allOf(
        names(...Object.values(FILE_WRITERS), UPLOAD_SAVES.map((s) => s.method)),
        anyOf(quotedPath(...Object.keys(FILE_WRITERS)), quotedImport(...UPLOAD_SAVES.map((s) => s.pkg))),
      ),
    ),
  },
  check(ctx) {
    const { go, workspace } = ctx;
    if (!go || BUILD_IGNORE.test(go.text) || !go.importsPath((p) => p in FILE_WRITERS || UPLOAD_SAVES.some((s) => s.pkg.test(p)))) return [];
    let packageFiles: GoFile[] | undefined;
    const filesOfPackage = (): GoFile[] => (packageFiles ??= workspace.packageOf(go));
    const candidates: StateWrite[] = [];
    for (const call of go.calls) {
      const write = stateWrite(go, call, filesOfPackage);
      if (write) candidates.push(write);
    }
    if (candidates.length === 0 || !programServes(workspace, go)) return [];
    const databaseFolders = new Set(
      embeddedDatabaseOpens(go, filesOfPackage).map((p) => normalized(path.posix.dirname(pathPattern(go, p, filesOfPackage)))),
    );
    let logFiles: Range[] | undefined;
    const out: FindingDraft[] = [];
    for (const write of candidates) {
      if (write.folder && databaseFolders.has(normalized(write.pattern))) continue;
      if (write.file && (logFiles ??= logFileWriters(ctx)).some((r) => sameStart(r, go.range(write.call.node)))) continue;
      out.push({ range: go.range(write.call.node), message: write.message });
    }
    return out;
  },
};

interface StateWrite {
  call: CallInfo;
  pattern: string;
  /** `os.Mkdir`/`os.MkdirAll`: a folder, possibly the one an embedded database lives in. */
  folder: boolean;
  /** `os.Create`/`os.OpenFile`: a file writer, possibly a log file. */
  file: boolean;
  message: string;
}

const FIX = 'the disk is ephemeral and not shared between processes, so keep it in a backing service (object storage such as S3, or a database)';

function stateWrite(file: GoFile, call: CallInfo, packageFiles: () => GoFile[]): StateWrite | undefined {
  const importPath = call.receiver && !call.receiver.includes('.') ? file.importOf(call.receiver) : undefined;
  if (importPath && FILE_WRITERS[importPath]?.has(call.name)) {
    if (call.name === 'OpenFile' && !WRITE_FLAGS.test(call.args[1]?.text ?? '')) return undefined;
    const pattern = call.args[0] ? pathPattern(file, call.args[0], packageFiles) : UNKNOWN;
    const folder = call.name === 'Mkdir' || call.name === 'MkdirAll';
    // A `logs/` folder is made for log files.
    if (!isStatePath(pattern) || (folder && isLogFilePath(`${pattern}/`))) return undefined;
    return {
      call,
      pattern,
      folder,
      file: call.name === 'Create' || call.name === 'OpenFile',
      message: `the app persists data on the local filesystem (${label(pattern)}); ${FIX}`,
    };
  }
  if (!UPLOAD_METHODS.has(call.name)) return undefined;
  const upload = UPLOAD_SAVES.find(
    (s) => s.method === call.name && (s.packageFunction ? s.pkg.test(importPath ?? '') : importPath === undefined && file.importsPath((p) => s.pkg.test(p))),
  );
  const destination = upload && call.args[upload.pathArgument];
  if (!destination) return undefined;
  const pattern = pathPattern(file, destination, packageFiles);
  if (pattern.includes(TEMP) || NOT_STATE_ROOT.test(pattern)) return undefined;
  return { call, pattern, folder: false, file: false, message: `uploaded files are saved on the local filesystem (${call.callee}); ${FIX}` };
}

/** A path rooted at a literal that is app data: not a temp folder, device, PID/lock file, log file or database file. */
function isStatePath(pattern: string): boolean {
  if (pattern.includes(TEMP) || pattern.startsWith(UNKNOWN)) return false;
  const root = pattern.slice(0, pattern.indexOf(UNKNOWN) === -1 ? undefined : pattern.indexOf(UNKNOWN)).trim();
  if (!/[\w.]/.test(root) || isPlaceholder(root) || isTemplate(root) || root === '-' || NOT_STATE_ROOT.test(root)) return false;
  return !NOT_STATE_FILE.test(pattern) && !isLogFilePath(pattern);
}

function label(pattern: string): string {
  return pattern.length > 60 ? `${pattern.slice(0, 57)}...` : pattern;
}

function normalized(folder: string): string {
  return folder.replace(/^\.\//, '').replace(/\/+$/, '');
}

function sameStart(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}

/** Where logs/writes-log-file reports a file writer: that file is a log file, its finding, not ours. */
function logFileWriters(ctx: RuleContext): Range[] {
  return writesLogFile.check(ctx).map((f) => f.range);
}

/**
 * The path an expression gives, as far as literals tell: `filepath.Join("uploads", name)` →
 * `uploads/*`, `"./data/" + id` → `./data/*`, a variable or constant → its value, `os.TempDir()`
 * or `os.MkdirTemp(…)`'s folder → `$TMP`. `*` stands for what is not known.
 */
function pathPattern(file: GoFile, expr: Node, packageFiles: () => GoFile[], depth = 0): string {
  if (isStringLiteral(expr)) return stringValue(expr);
  if (depth > 3) return UNKNOWN;
  const next = (e: Node | null | undefined): string => (e ? pathPattern(file, e, packageFiles, depth + 1) : UNKNOWN);
  switch (expr.type) {
    case 'parenthesized_expression':
      return next(expr.namedChildren[0]);
    case 'binary_expression':
      return expr.childForFieldName('operator')?.text === '+' ? next(expr.childForFieldName('left')) + next(expr.childForFieldName('right')) : UNKNOWN;
    case 'identifier': {
      const literals = literalOrigins(file, expr, packageFiles);
      if (literals.length === 1) return stringValue(literals[0].node);
      const definitions = definitionsOf(file, expr);
      if (definitions.length !== 1) return UNKNOWN;
      // `dir, err := os.MkdirTemp("", "x")`: the value is the call's first result.
      const holder = definitions[0].nameNode.parent?.parent;
      const right = holder?.childForFieldName('right')?.namedChildren ?? [];
      const value = definitions[0].value ?? (right.length === 1 && right[0]?.type === 'call_expression' ? right[0] : null);
      return next(value);
    }
    case 'call_expression': {
      const call = callInfo(expr);
      if (TEMP_DIR_CALLS.has(call.name)) return TEMP;
      if (call.name === 'Join' && (file.importOf(call.receiver) === 'path/filepath' || file.importOf(call.receiver) === 'path')) {
        return call.args.map(next).join('/');
      }
      if (SAME_PATH_CALLS.test(call.callee)) return next(call.args[0]);
      if (call.callee === 'fmt.Sprintf' && call.args[0] && isStringLiteral(call.args[0])) {
        let i = 1;
        return stringValue(call.args[0]).replace(/%[-+# 0-9.]*[a-zA-Z]/g, () => next(call.args[i++]));
      }
      return UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

export default rule;
