// Shelling out to a program the app does not ship: it works on the developer's machine and fails in
// a slim image or on a new host. Reported on the spawning call (`exec.Command`, `exec.CommandContext`,
// `syscall.Exec`, `os.StartProcess`) when the program is a literal, directly or through one variable
// or constant, and no Dockerfile of the app installs it.
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { isDockerfileName } from '../../files';
import { isStringLiteral, literalOrigins, stringValue, type CallInfo, type GoFile } from '../../languages/go';
import type { GoWorkspace } from '../../workspace';
import { isPlaceholder, isTemplate } from '../../util/literals';
import { allOf, names, quotedPath } from '../hint-patterns';

/** Import path → spawning function → index of its program argument. */
const SPAWNERS: Record<string, Record<string, number>> = {
  'os/exec': { Command: 0, CommandContext: 1 },
  'golang.org/x/sys/execabs': { Command: 0, CommandContext: 1 },
  syscall: { Exec: 0, ForkExec: 0, StartProcess: 0 },
  'golang.org/x/sys/unix': { Exec: 0 },
  os: { StartProcess: 0 },
};
const SPAWN_NAMES = new Set(Object.values(SPAWNERS).flatMap((fns) => Object.keys(fns)));

/**
 * Build and test tooling, not the app: scripts, tools and build folders, `hack/` (Kubernetes'
 * convention for build scripts), mage files, end-to-end and test-helper packages; generators run by
 * `go run` (`//go:build ignore`) and tool dependencies.
 */
const BUILD_FOLDER = /(^|\/)(scripts|tools|hack|build|magefiles|e2e|testutils?|testhelpers?|testenv)\//;
const BUILD_CONSTRAINT = /^\/\/(go:build|\s*\+build)\s+(ignore|tools|mage)\b/m;

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh', 'cmd', 'cmd.exe', 'powershell', 'powershell.exe', 'pwsh']);
const SHELL_COMMAND_FLAGS = new Set(['-c', '/c', '/C', '-Command', '-command']);
/** First words of a shell command that run no program of their own. */
const SHELL_BUILTINS = new Set(['echo', 'cd', 'exit', 'export', 'set', 'true', 'false', 'test', '[', 'printf', 'read', 'exec', 'eval', 'source', '.', 'ulimit', 'umask', 'trap', 'wait', 'sleep']);
/** Opening the user's browser or clipboard: desktop integration of a CLI, not a dependency of a deployed service. */
const DESKTOP_HELPERS = new Set([
  'xdg-open', 'open', 'rundll32', 'rundll32.exe', 'explorer', 'explorer.exe', 'wslview', 'start', 'sensible-browser', 'x-www-browser',
  'pbcopy', 'pbpaste', 'xclip', 'xsel', 'wl-copy', 'wl-paste', 'clip', 'clip.exe', 'osascript', 'notify-send',
]);
/** Programs that only look a tool up. */
const TOOL_LOOKUPS = new Set(['which', 'where', 'where.exe']);
/** Packages that install a tool under another name, as Dockerfiles name them. */
const PACKAGES_OF: Record<string, string[]> = {
  convert: ['imagemagick'], identify: ['imagemagick'], mogrify: ['imagemagick'], magick: ['imagemagick'], montage: ['imagemagick'],
  ffprobe: ['ffmpeg'], pdftotext: ['poppler'], pdftoppm: ['poppler'], pdfinfo: ['poppler'], gs: ['ghostscript'],
  pg_dump: ['postgresql'], pg_restore: ['postgresql'], psql: ['postgresql'], mysqldump: ['mysql', 'mariadb'], mysql: ['mariadb'],
  dig: ['bind-tools', 'dnsutils'], nslookup: ['bind-tools', 'dnsutils'], ssh: ['openssh'], scp: ['openssh'], ping: ['iputils'],
  'rsvg-convert': ['librsvg'], soffice: ['libreoffice'], tesseract: ['tesseract-ocr'], exiftool: ['exiftool', 'perl-image-exiftool'],
};

const rule: Rule = {
  meta: {
    id: 'dependencies/implicit-system-tool',
    factor: 'dependencies',
    severity: 'warning',
    languages: ['go'],
    summary: 'The app runs a system tool it does not declare',
    textHint: new RegExp(allOf(names(SPAWN_NAMES), quotedPath(...Object.keys(SPAWNERS)))),
  },
  check({ go, relativePath, workspace }) {
    if (!go || BUILD_FOLDER.test(relativePath) || BUILD_CONSTRAINT.test(go.text.slice(0, 2000))) return [];
    const spawns = go.calls.filter((call) => SPAWN_NAMES.has(call.name) && programArgument(go, call) !== undefined);
    if (spawns.length === 0) return [];
    const filesOfPackage = workspace.packageLookup(go);
    let images: Set<string>[] | undefined;
    const out: FindingDraft[] = [];
    for (const call of spawns) {
      const program = programArgument(go, call)!;
      // A name given several literals (`gs`, or `gswin64c` on Windows) runs one of them: name the first.
      const tool = literalOrigins(go, program, filesOfPackage)
        .map((o) => toolRun(go, call, stringValue(o.node)))
        .find((t) => t !== undefined);
      if (!tool) continue;
      images ??= dockerfileWords(workspace, go.path);
      if (images.some((words) => declares(words, tool))) continue;
      out.push({
        range: go.range(call.node),
        message: `the app runs the system tool "${tool}", which is not declared as a dependency; vendor the capability as a library or declare the tool in the image (Dockerfile) and document it`,
        data: { tool },
      });
    }
    return out;
  },
};

function programArgument(file: GoFile, call: CallInfo): Node | undefined {
  const index = SPAWNERS[file.importOf(call.receiver) ?? '']?.[call.name];
  return index === undefined ? undefined : call.args[index];
}

/**
 * The tool a spawn runs, named as written (`"/usr/bin/convert"` → `convert`); for a shell given a
 * literal command (`sh -c "pg_dump …"`), the command's program. Undefined for what is no system tool:
 * a placeholder, a path relative to the app (its own binary or script), a desktop helper.
 */
function toolRun(file: GoFile, call: CallInfo, program: string): string | undefined {
  const value = program.trim();
  // The app's own binary: `./bin/worker`, `/proc/self/exe`.
  if (isPlaceholder(value) || isTemplate(value) || /^\.\.?[/\\]/.test(value) || value === '/proc/self/exe' || !/[a-z]/i.test(value)) return undefined;
  const name = path.posix.basename(value.replace(/\\/g, '/'));
  // `which open`: asking whether a tool is there depends on nothing; where the tool is run is what counts.
  if (DESKTOP_HELPERS.has(name) || TOOL_LOOKUPS.has(name)) return undefined;
  if (!SHELLS.has(name)) return name;
  const index = SPAWNERS[file.importOf(call.receiver) ?? '']?.[call.name] ?? 0;
  // exec.Command(shell, flag, command). Spawners taking an argv slice (syscall.Exec) name the shell itself.
  const [flag, command] = call.args.slice(index + 1);
  // `"pg_dump -Fc > " + dst`: the command's program is in its leading literal.
  let head: Node | undefined = command;
  while (head?.type === 'binary_expression' && head.childForFieldName('operator')?.text === '+') head = head.childForFieldName('left') ?? undefined;
  if (!flag || !head || !isStringLiteral(flag) || !SHELL_COMMAND_FLAGS.has(stringValue(flag)) || !isStringLiteral(head)) return name;
  const words = stringValue(head).trim().split(/\s+/).filter((w) => !/^\w+=/.test(w) && w !== 'sudo' && w !== 'exec');
  const first = words[0] ? path.posix.basename(words[0]) : '';
  if (!first || SHELL_BUILTINS.has(first) || /^[.$]|[$`(]/.test(first)) return name;
  return DESKTOP_HELPERS.has(first) ? undefined : first;
}

function declares(dockerfileWords: Set<string>, tool: string): boolean {
  const candidates = [tool, ...(PACKAGES_OF[tool] ?? [])].map((t) => t.toLowerCase());
  for (const word of dockerfileWords) {
    if (candidates.some((c) => word === c || word.startsWith(`${c}-`) || word.endsWith(`/${c}`))) return true;
  }
  return false;
}

/**
 * The words of the final stages of the Dockerfiles that may build the app: in the file's folder and
 * each one above it up to the module root, and on up to the repository root (a folder with `.git`).
 */
function dockerfileWords(workspace: GoWorkspace, filePath: string): Set<string>[] {
  const moduleRoot = workspace.moduleOf(path.dirname(filePath))?.root;
  const out: Set<string>[] = [];
  let dir = path.dirname(filePath);
  for (let aboveModule = 0; aboveModule <= 3; ) {
    const entries = workspace.listDir(dir) ?? [];
    for (const name of entries) {
      if (name.endsWith('/') || !isDockerfileName(name)) continue;
      const text = workspace.readFile(path.join(dir, name));
      if (text === undefined) continue;
      // The final stage is the image that runs; a tool of a build stage (`go`, `gcc`) is not in it.
      const lines = text.split('\n').filter((line) => !/^\s*#/.test(line));
      const lastFrom = lines.reduce((last, line, i) => (/^\s*FROM\s/i.test(line) ? i : last), 0);
      const instructions = lines.slice(lastFrom).join('\n').toLowerCase();
      out.push(new Set(instructions.split(/[^\w.+/-]+/).filter(Boolean)));
    }
    const parent = path.dirname(dir);
    if (entries.includes('.git/') || entries.includes('.git') || parent === dir) break;
    if (!moduleRoot || path.relative(moduleRoot, parent).startsWith('..')) aboveModule++;
    dir = parent;
  }
  return out;
}

export default rule;
