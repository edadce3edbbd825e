// What runs when the app starts, read from the file being analysed: the shipped image's CMD and
// ENTRYPOINT, Procfile process commands, package.json's start script, and the entrypoint scripts
// that those name (a script is judged in its own file, once a Dockerfile or Procfile is found to run it).
import * as path from 'path';
import { isScalar, isMap, parseDocument } from 'yaml';
import { parseDockerfile } from '../languages/documents';
import { imageCommands, instructionScript, stageChain, stagesOf, contextCopies } from '../languages/dockerfile';
import { SHELLS, baseName, commandsOf, parseShell, parseShellValue, readJsonString, type ShellScript } from '../languages/shell';
import { isDockerfileName } from '../files';
import type { RuleContext } from '../rule';
import type { Dockerfile } from 'dockerfile-ast';

export interface RuntimeScript {
  /** Where the command is, as a message names it: `CMD`, `the web process`, `the start script`, `this entrypoint script`. */
  origin: string;
  script: ShellScript;
}

/** Procfiles for local development (`Procfile.dev`) describe no deploy's processes. */
const DEV_PROCFILE = /^Procfile\.(dev|development|local|test)$/i;

export function runtimeScripts(ctx: RuleContext): RuntimeScript[] {
  switch (ctx.language) {
    case 'dockerfile':
      return ctx.dockerfile ? dockerfileRuntime(ctx.dockerfile, ctx.text) : [];
    case 'procfile':
      return DEV_PROCFILE.test(path.basename(ctx.path)) ? [] : procfileProcesses(ctx.text).map((p) => ({ origin: `the ${p.name} process`, script: p.script }));
    case 'packagejson':
      return startScripts(ctx.text);
    case 'shell':
      return isRuntimeScript(ctx) ? [{ origin: 'this entrypoint script', script: parseShell(ctx.text) }] : [];
    default:
      return [];
  }
}

function dockerfileRuntime(dockerfile: Dockerfile, text: string): RuntimeScript[] {
  const { entrypoint, cmd } = imageCommands(dockerfile, text);
  return [entrypoint, cmd]
    .filter((c) => c !== undefined)
    .map((c) => ({ origin: c.keyword, script: instructionScript(dockerfile, c.instruction, text) }));
}

/** Process types of a Procfile with their commands; `release` runs at release time, not as a process. */
function procfileProcesses(text: string): { name: string; script: ShellScript }[] {
  const out: { name: string; script: ShellScript }[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z0-9_-]+)\s*:\s*/.exec(line);
    if (m && m[1] !== 'release') {
      out.push({ name: m[1], script: parseShell(text, offset + m[0].length, offset + line.replace(/\r$/, '').length) });
    }
    offset += line.length + 1;
  }
  return out;
}

/** `scripts.start` and `scripts.prestart` of a package.json, which `npm start` runs. */
function startScripts(text: string): RuntimeScript[] {
  const document = parseDocument(text, { uniqueKeys: false });
  const scripts = document.get('scripts', true);
  if (!isMap(scripts)) return [];
  const out: RuntimeScript[] = [];
  for (const pair of scripts.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if ((key !== 'start' && key !== 'prestart') || !isScalar(pair.value) || !pair.value.range) continue;
    const word = readJsonString(text, pair.value.range[0]);
    if (word) out.push({ origin: `the ${key} script`, script: parseShellValue(word.value, word.offsets) });
  }
  return out;
}

/** The folder the workspace (or scan) is rooted at, from the file's path and its relative path. */
export function workspaceRoot(ctx: RuleContext): string {
  const absolute = ctx.path.split(path.sep).join('/');
  return absolute.endsWith('/' + ctx.relativePath)
    ? ctx.path.slice(0, ctx.path.length - ctx.relativePath.length - 1)
    : path.dirname(ctx.path);
}

/** Folders from the file's own up to the workspace root. */
export function foldersUp(ctx: RuleContext): string[] {
  const root = workspaceRoot(ctx);
  const out: string[] = [];
  for (let dir = path.dirname(ctx.path); out.length < 12; dir = path.dirname(dir)) {
    out.push(dir);
    if (dir === root || path.dirname(dir) === dir || !dir.startsWith(root)) break;
  }
  return out;
}

/**
 * Whether a shell script runs when the app starts: it is named like an entrypoint
 * (`docker-entrypoint.sh`, `worker-entrypoint.sh`), or a Dockerfile or Procfile in its folder or above runs it.
 */
function isRuntimeScript(ctx: RuleContext): boolean {
  if (/(^|[-_.])entrypoint([-_.][^/]*)?$/i.test(path.basename(ctx.path).replace(/\.(sh|bash)$/, ''))) return true;
  for (const dir of foldersUp(ctx)) {
    for (const entry of ctx.workspace.listDir(dir) ?? []) {
      if (entry.endsWith('/')) continue;
      const isDockerfile = isDockerfileName(entry);
      if (!isDockerfile && entry !== 'Procfile') continue;
      const text = ctx.workspace.readFile(path.join(dir, entry));
      if (text === undefined) continue;
      if (isDockerfile ? dockerfileRunsScript(parseDockerfile(text), text, dir, ctx.path) : procfileRunsScript(text, dir, ctx.path)) return true;
    }
  }
  return false;
}

/** Paths of programs and scripts a runtime command line starts: `./start.sh`, `sh scripts/run.sh` → `scripts/run.sh`. */
function startedPaths(script: ShellScript): string[] {
  const out: string[] = [];
  for (const { invocation } of commandsOf(script)) {
    if (!invocation) continue;
    const target = SHELLS.has(invocation.name) ? invocation.args.find((a) => !a.value.startsWith('-')) : invocation.program;
    if (target && !target.expands) out.push(target.value);
  }
  return out;
}

function procfileRunsScript(text: string, dir: string, scriptPath: string): boolean {
  return procfileProcesses(text).some((p) => startedPaths(p.script).some((started) => path.resolve(dir, started) === scriptPath));
}

/**
 * Whether the image a Dockerfile builds starts the script: its CMD/ENTRYPOINT runs a path that the
 * script is copied to (`COPY scripts/start.sh /start.sh` … `CMD ["/start.sh"]`), or, when no COPY
 * names the script's file, a path ending like the script's path in the build context (`COPY . .`).
 */
function dockerfileRunsScript(dockerfile: Dockerfile, text: string, contextDir: string, scriptPath: string): boolean {
  const stages = stagesOf(dockerfile);
  const final = stages[stages.length - 1];
  if (!final) return false;
  const copies = contextCopies(stageChain(final).flatMap((s) => s.instructions), text);
  const inContext = path.relative(contextDir, scriptPath).split(path.sep);
  if (inContext[0] === '..') return false;
  return dockerfileRuntime(dockerfile, text).some(({ script }) =>
    startedPaths(script).some((started) => {
      const startedName = baseName(started);
      const named = copies.filter((c) => baseName(c.source) === startedName || (!c.destination.endsWith('/') && baseName(c.destination) === startedName));
      if (named.length > 0) return named.some((c) => path.resolve(contextDir, c.source) === scriptPath);
      if (startedName !== path.basename(scriptPath)) return false;
      const startedSegments = started.split('/').filter((s) => s !== '' && s !== '.');
      const shorter = Math.min(startedSegments.length, inContext.length);
      return startedSegments.slice(-shorter).join('/') === inContext.slice(-shorter).join('/');
    }),
  );
}
