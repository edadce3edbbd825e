// Commands that belong to the build: installing dependencies, compiling, bundling, watching
// sources. Shared by the rules that ask whether a start command builds (build-at-runtime) and
// whether the shipped image's stage compiles (single-stage-dockerfile).
import { baseName, commandsOf, hasOption, parseShell, type Invocation, type ShellWord } from '../languages/shell';

export type StepKind = 'install' | 'build' | 'compile-run' | 'watcher';

export interface BuildStep {
  kind: StepKind;
  /** The command as the message shows it: `npm install`, `go run`, `npm run dev`. */
  label: string;
  /** What a package script runs: `nodemon` for `npm run dev`. */
  via?: string;
}

/** package.json `scripts`: name → command line. */
export type Scripts = ReadonlyMap<string, string>;

const WATCHERS = new Set(['air', 'CompileDaemon', 'nodemon', 'babel-watch', 'ts-node-dev', 'tsnd', 'node-dev', 'webpack-dev-server']);
const TS_RUNNERS = new Set(['ts-node', 'ts-node-esm', 'babel-node']);
const BUILD_SCRIPT = /^build([:_-].*)?$/;

/**
 * What a command does at startup that belongs to the build: installing dependencies, building,
 * compiling on the fly, or watching sources. `scripts` (package.json) resolves `npm run x`.
 */
export function buildStep(invocation: Invocation, scripts: Scripts | undefined, seen: ReadonlySet<string>): BuildStep | undefined {
  const { name, args } = invocation;
  const words = args.map((a) => a.value).filter((v) => !v.startsWith('-'));
  const [verb, next] = words;
  if (WATCHERS.has(name)) return { kind: 'watcher', label: name };
  if (TS_RUNNERS.has(name)) return { kind: 'compile-run', label: name };
  switch (name) {
    case 'go':
      if (verb === 'run') return { kind: 'compile-run', label: 'go run' };
      if (verb === 'build') return { kind: 'build', label: 'go build' };
      // `go install ./cmd/server` builds the app; `go install tool@v1` fetches a tool.
      if (verb === 'install' && words.slice(1).every((w) => !w.includes('@'))) return { kind: 'build', label: 'go install' };
      if (verb === 'get') return { kind: 'install', label: 'go get' };
      if (verb === 'mod' && next === 'download') return { kind: 'install', label: 'go mod download' };
      return undefined;
    case 'next':
    case 'nuxt':
    case 'nuxi':
    case 'ng':
    case 'vite':
      return verb === 'build' ? { kind: 'build', label: `${name} build` } : undefined;
    case 'tsx':
      return verb === 'watch' || hasOption(args, ['watch']) ? { kind: 'watcher', label: 'tsx watch' } : { kind: 'compile-run', label: 'tsx' };
    case 'tsc':
      return hasOption(args, ['watch'], 'w') ? { kind: 'watcher', label: 'tsc --watch' } : { kind: 'build', label: 'tsc' };
    case 'webpack':
    case 'webpack-cli':
      if (verb === 'serve' || hasOption(args, ['watch'], 'w')) return { kind: 'watcher', label: 'webpack' };
      return { kind: 'build', label: 'webpack' };
    case 'node':
      if (hasOption(args, ['watch', 'watch-path'])) return { kind: 'watcher', label: 'node --watch' };
      if (args.some((a) => /^(--[a-z-]+=)?(ts-node\/|tsx$)/.test(a.value))) return { kind: 'compile-run', label: 'ts-node' };
      return undefined;
    case 'npm':
    case 'pnpm':
    case 'bun':
    case 'yarn':
      return packageManagerStep(name, args, words, scripts, seen);
    case 'npx':
    case 'pnpx':
    case 'bunx':
      return toolStep(args, scripts, seen);
    case 'pipenv':
    case 'poetry':
      return verb === 'install' ? { kind: 'install', label: `${name} install` } : undefined;
    case 'cargo':
      if (verb === 'run') return { kind: 'compile-run', label: 'cargo run' };
      return verb === 'build' ? { kind: 'build', label: 'cargo build' } : undefined;
    case 'mvn':
    case 'mvnw': {
      const run = words.find((w) => /^(spring-boot:run|quarkus:dev|exec:java)$/.test(w));
      if (run) return { kind: 'compile-run', label: `mvn ${run}` };
      const goal = words.find((w) => /^(compile|package|install|verify)$/.test(w));
      return goal ? { kind: 'build', label: `mvn ${goal}` } : undefined;
    }
    case 'gradle':
    case 'gradlew': {
      const run = words.find((w) => /^(bootRun|run|quarkusDev)$/.test(w));
      if (run) return { kind: 'compile-run', label: `gradle ${run}` };
      const task = words.find((w) => /^(build|assemble|bootJar|jar|installDist|shadowJar)$/.test(w));
      return task ? { kind: 'build', label: `gradle ${task}` } : undefined;
    }
    case 'dotnet':
      if (verb === 'run') return { kind: 'compile-run', label: 'dotnet run' };
      if (verb === 'watch') return { kind: 'watcher', label: 'dotnet watch' };
      return verb === 'build' || verb === 'publish' ? { kind: 'build', label: `dotnet ${verb}` } : undefined;
    case 'apt-get':
    case 'apt':
    case 'yum':
    case 'dnf':
    case 'microdnf':
      return verb === 'install' ? { kind: 'install', label: `${name} install` } : undefined;
    case 'apk':
      return verb === 'add' ? { kind: 'install', label: 'apk add' } : undefined;
  }
  if (/^pip[0-9.]*$/.test(name) && verb === 'install') return { kind: 'install', label: 'pip install' };
  if (/^python[0-9.]*$/.test(name) && args[0]?.value === '-m' && /^pip[0-9.]*$/.test(args[1]?.value ?? '') && args[2]?.value === 'install') {
    return { kind: 'install', label: 'pip install' };
  }
  return undefined;
}

const YARN_COMMANDS = new Set([
  'add', 'audit', 'bin', 'cache', 'config', 'create', 'dlx', 'exec', 'global', 'info', 'init', 'install', 'link', 'list', 'login', 'logout',
  'node', 'outdated', 'pack', 'publish', 'remove', 'run', 'start', 'test', 'upgrade', 'version', 'why', 'workspace', 'workspaces',
]);

function packageManagerStep(manager: string, args: ShellWord[], words: string[], scripts: Scripts | undefined, seen: ReadonlySet<string>): BuildStep | undefined {
  const [verb, next] = words;
  if (verb === undefined) return manager === 'yarn' ? { kind: 'install', label: 'yarn' } : undefined; // bare `yarn` installs
  if (/^(install|i|ci|add)$/.test(verb)) return { kind: 'install', label: `${manager} ${verb}` };
  if (verb === 'run' || verb === 'run-script') return next === undefined ? undefined : scriptStep(`${manager} run ${next}`, next, scripts, seen);
  if (verb === 'exec' || verb === 'x' || verb === 'dlx') return toolStep(args.slice(args.findIndex((a) => a.value === verb) + 1), scripts, seen);
  // `yarn build` / `pnpm build` run the script of that name, or else the package binary (`yarn tsc`).
  if ((manager === 'yarn' && !YARN_COMMANDS.has(verb)) || (manager === 'pnpm' && !['start', 'test', 'update', 'remove', 'link'].includes(verb))) {
    if (scripts?.has(verb) || BUILD_SCRIPT.test(verb)) return scriptStep(`${manager} ${verb}`, verb, scripts, seen);
    return toolStep(args.slice(args.findIndex((a) => a.value === verb)), scripts, seen);
  }
  return undefined;
}

/** `npm run <script>`: a build script by name, or whatever the script itself runs. `start` is judged in package.json. */
function scriptStep(label: string, script: string, scripts: Scripts | undefined, seen: ReadonlySet<string>): BuildStep | undefined {
  if (script === 'start' || seen.has(script)) return undefined;
  const body = scripts?.get(script);
  if (body !== undefined) {
    const inner = scriptBodyStep(body, scripts, new Set([...seen, script]));
    if (inner) return { kind: inner.kind, label, via: inner.via ?? inner.label };
  }
  return BUILD_SCRIPT.test(script) ? { kind: 'build', label } : undefined;
}

function scriptBodyStep(body: string, scripts: Scripts | undefined, seen: ReadonlySet<string>): BuildStep | undefined {
  for (const { invocation } of commandsOf(parseShell(body))) {
    const step = invocation && buildStep(invocation, scripts, seen);
    if (step) return step;
  }
  return undefined;
}

/** `npx tsc`, `pnpm exec nodemon`: the tool after the runner's own options. */
function toolStep(args: ShellWord[], scripts: Scripts | undefined, seen: ReadonlySet<string>): BuildStep | undefined {
  let i = 0;
  while (i < args.length && args[i].value.startsWith('-')) i += /^(-p|--package)$/.test(args[i].value) ? 2 : 1;
  const tool = args[i];
  if (!tool) return undefined;
  return buildStep({ name: baseName(tool.value), program: tool, args: args.slice(i + 1), wrappers: [], command: { assignments: [], words: args.slice(i), redirects: [], start: tool.start, end: tool.end } }, scripts, seen);
}
