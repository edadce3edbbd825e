// The programs a Go package is built into, read off the module's files without parsing them (through
// the cached module survey): which `main` packages link the package in, what they import, and whether
// they serve requests. Rules ask only once the file has a construct that needs it (a scheduler, a
// migration, a database driver).
import * as path from 'path';
import { GIN_IMPORT_PATH, type GoFile } from '../languages/go';
import { isTestPath } from '../files';
import type { GoWorkspace } from '../workspace';
import { declareSurvey, surveyModule } from './module-survey';

export interface GoProgram {
  /** Folder of the `main` package. */
  main: string;
  /** Folders of every module-local package it links in, its own included. */
  packages: Set<string>;
  /** Import paths of its files, in the order of their module-relative paths. */
  imports: string[];
  /** It starts an HTTP (or gRPC) server in one of its packages. */
  servesRequests: boolean;
}

interface FileFacts {
  main: boolean;
  imports: string[];
  startsServer: boolean;
}

const MAIN_CLAUSE = /^package\s+main\b/m;

const FILE_FACTS = declareSurvey<FileFacts>('program-facts', (_relativePath, text) => {
  const imports = importPathsOf(text);
  return { main: MAIN_CLAUSE.test(text), imports, startsServer: startsServer(text, imports) };
});

interface PackageFacts {
  main: boolean;
  /** Module-relative folders of the module-local packages it imports. */
  localImports: Set<string>;
  imports: string[];
  startsServer: boolean;
}

/**
 * The programs of the file's module that link its package in: its own, when it is a `main`, or every
 * `main` importing it directly or not. Folders of test code (`test/`, `testdata/`) are no part of any.
 */
export function programsIncluding(workspace: GoWorkspace, file: GoFile): GoProgram[] {
  const dir = path.dirname(file.path);
  const module = workspace.moduleOf(dir);
  const root = module?.root ?? dir;
  const packages = new Map<string, PackageFacts>();
  for (const [relativePath, facts] of [...surveyModule(workspace, file, FILE_FACTS)].sort(([a], [b]) => a.localeCompare(b))) {
    const packageDir = path.posix.dirname(relativePath);
    if (isTestPath(relativePath)) continue;
    const pkg = packages.get(packageDir) ?? { main: false, localImports: new Set<string>(), imports: [], startsServer: false };
    pkg.main ||= facts.main;
    pkg.startsServer ||= facts.startsServer;
    for (const importPath of facts.imports) {
      pkg.imports.push(importPath);
      const local = module?.path && (importPath === module.path || importPath.startsWith(`${module.path}/`)) ? importPath.slice(module.path.length + 1) || '.' : undefined;
      if (local !== undefined && local !== packageDir) pkg.localImports.add(local);
    }
    packages.set(packageDir, pkg);
  }
  const own = path.relative(root, dir).split(path.sep).join('/') || '.';
  const out: GoProgram[] = [];
  for (const [mainDir, pkg] of packages) {
    if (!pkg.main) continue;
    const linked = closure(mainDir, (d) => [...(packages.get(d)?.localImports ?? [])].filter((i) => packages.has(i)));
    if (!linked.has(own)) continue;
    const members = [...linked].sort().map((d) => packages.get(d)!);
    out.push({
      main: path.join(root, mainDir),
      packages: new Set([...linked].map((d) => path.join(root, d))),
      imports: members.flatMap((m) => m.imports),
      servesRequests: members.some((m) => m.startsServer),
    });
  }
  return out;
}

/** Every folder reachable from `start` by `next` (imports, importers), `start` included. */
export function closure(start: string, next: (dir: string) => string[]): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const d of next(queue.pop()!)) {
      if (!seen.has(d)) {
        seen.add(d);
        queue.push(d);
      }
    }
  }
  return seen;
}

/** Import paths of a Go file, read off its import declarations (which come before any other declaration). */
function importPathsOf(text: string): string[] {
  const firstDeclaration = text.search(/^(func|type|var|const)\b/m);
  const header = firstDeclaration === -1 ? text : text.slice(0, firstDeclaration);
  const out: string[] = [];
  for (const block of header.matchAll(/^\s*import\s*\(([^)]*)\)/gm)) {
    for (const spec of block[1].matchAll(/^\s*(?:[\w.]+\s+)?"([^"]+)"/gm)) out.push(spec[1]);
  }
  for (const single of header.matchAll(/^\s*import\s+(?:[\w.]+\s+)?"([^"]+)"/gm)) out.push(single[1]);
  return out;
}

/** Calls that start serving, by the package that makes them mean so. */
const SERVER_STARTS: { importPath: RegExp; call: RegExp }[] = [
  { importPath: /^net\/http$/, call: /\b(ListenAndServe|ListenAndServeTLS)\(|\.Serve(TLS)?\(/ },
  { importPath: GIN_IMPORT_PATH, call: /\.Run(TLS)?\(/ },
  { importPath: /^github\.com\/labstack\/echo(\/v\d+)?$/, call: /\.Start(TLS|AutoTLS)?\(/ },
  { importPath: /^github\.com\/gofiber\/fiber(\/v\d+)?$/, call: /\.Listen(TLS)?\(/ },
  { importPath: /^github\.com\/valyala\/fasthttp$/, call: /\bListenAndServe(TLS)?\(|\.Serve\(/ },
  { importPath: /^github\.com\/kataras\/iris(\/v\d+)?$/, call: /\.(Listen|Run)\(/ },
  { importPath: /^github\.com\/(astaxie|beego)\/beego(\/v\d+)?(\/server\/web)?$/, call: /\.Run\(/ },
  { importPath: /^google\.golang\.org\/grpc$/, call: /\.Serve\(/ },
];

/** Whether Go code (a file's or a function's text) starts a server, given the imports of its file. */
export function startsServer(code: string, imports: Iterable<string>): boolean {
  for (const importPath of imports) {
    for (const start of SERVER_STARTS) if (start.importPath.test(importPath) && start.call.test(code)) return true;
  }
  return false;
}

/**
 * The app declares a release process type: a Procfile with a `release:` entry in `from` (a program's
 * folder) or in a folder above it, up to the repository root (a folder holding `.git`).
 */
export function declaresReleaseProcess(workspace: GoWorkspace, from: string): boolean {
  let dir = from;
  for (let depth = 0; depth < 8; depth++) {
    const entries = workspace.listDir(dir) ?? [];
    const procfile = entries.includes('Procfile') ? workspace.readFile(path.join(dir, 'Procfile')) : undefined;
    if (procfile !== undefined && /^release\s*:/m.test(procfile)) return true;
    const parent = path.dirname(dir);
    if (entries.includes('.git/') || parent === dir) break;
    dir = parent;
  }
  return false;
}
