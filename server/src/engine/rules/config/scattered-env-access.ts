// Env reads spread through an app that has a config loader: the app's configuration is no longer
// declared in one place, and a read far from the loader escapes its validation. Advice, reported on
// the read. A loader is a loader-named function, or a config-named file or folder, that itself reads
// env vars by name (or through a config library); an app without one is unchecked-required-env's.
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { descendants, enclosingDeclaredFunction, functionName, identifiersNamed, isStringLiteral, literalOrigins, literalSite, stringValue, subtreeFact, valueParent, type CallInfo, type GoFile } from '../../languages/go';
import type { GoWorkspace } from '../../workspace';
import { declareSurvey, moduleRelativePath, surveyModule } from '../module-survey';
import { allOf, names, quotedPath } from '../hint-patterns';

const ENV_READS: Record<string, Set<string>> = {
  os: new Set(['Getenv', 'LookupEnv', 'Environ']),
  syscall: new Set(['Getenv', 'Environ']),
};
const ENV_READ_NAMES = new Set(Object.values(ENV_READS).flatMap((names) => [...names]));

const LOADER_NAME = /^(must)?(load|new|parse|read|init)_?(app_?)?(config|configuration|conf|cfg|settings)s?(_?from_?env)?$|from_?env(ironment)?$/i;
const LOADER_DECLARATION = /^func\s+(?:\([^)]*\)\s*)?(\w+)\s*[[(]/gm;
const CONFIG_FILE = /(^|\/)((config|settings)[^/]*|env\.[^/]*)$/i;
// `env/`: a package of its own for reading the environment (`env.ServerAddr()`).
const CONFIG_FOLDER = /(^|\/)(config|configs|conf|settings|env)\//i;
/** A loader reads env vars by name: `os.Getenv("X")`, or a helper called with a name (`getEnv("X", "d")`) next to an env read. */
const ENV_READ_TEXT = /\b(os|syscall)\.(Getenv|LookupEnv|Environ)\(/;
const NAMED_ENV_READ = /\b(os|syscall)\.(Getenv|LookupEnv)\(\s*"/;
const NAMED_HELPER_CALL = /\w\(\s*"[A-Z][A-Z0-9_]{1,}"/;
const ENV_LIBRARY =
  /"github\.com\/(kelseyhightower\/envconfig|caarlos0\/env(\/v\d+)?|ilyakaznacheev\/cleanenv|sethvargo\/go-envconfig|Netflix\/go-env|vrischmann\/envconfig|ardanlabs\/conf(\/v\d+)?|knadh\/koanf\/providers\/env(\/v\d+)?)"/;
const VIPER_ENV = /"github\.com\/spf13\/viper"[\s\S]*\.(AutomaticEnv|BindEnv)\(/;
/** A loader handing the env to a config library: `envconfig.Process("", &cfg)`, `env.Parse(&cfg)`, `cleanenv.ReadEnv(&cfg)`. */
const ENV_LIBRARY_CALL = /\b(envconfig|env|cleanenv|conf|viper)\.(Process|MustProcess|Parse|ParseAs|ParseWithOptions|ReadEnv|ReadConfig|AutomaticEnv|BindEnv|Provider|UnmarshalFromEnviron)\(/;

/** The operating system's and toolchain's variables: the machine's environment, not the app's config. */
const SYSTEM_VARIABLE =
  /^(HOME|PATH|USER|USERNAME|LOGNAME|SHELL|TERM|COLORTERM|TMPDIR|TEMP|TMP|PWD|LANG|LANGUAGE|LC_\w+|XDG_\w+|GO\w*|CGO_\w+|HOSTNAME|NO_COLOR|FORCE_COLOR|CI|EDITOR|VISUAL|PAGER|COLUMNS|LINES|SUDO_\w+|TZ|(HTTPS?|NO|ALL)_PROXY|KUBECONFIG|KUBERNETES_SERVICE_(HOST|PORT)|SSH_AUTH_SOCK|DISPLAY|WAYLAND_DISPLAY|APPDATA|LOCALAPPDATA|USERPROFILE|PROGRAMFILES|SYSTEMROOT|SYSTEMDRIVE|COMSPEC|WINDIR|PATHEXT)$/i;
/** Single flag-like settings `main` may read on its own: `PORT`, `HOST`, `LOG_LEVEL`, `DEBUG`. */
const FLAG_LIKE = /^((HTTP|GRPC|APP|SERVER|LISTEN|BIND)_)?(PORT|HOST|ADDR|ADDRESS)$|^LOG_?LEVEL$|^(DEBUG|VERBOSE|ENV|APP_ENV|GO_ENV|ENVIRONMENT|GIN_MODE)$/i;

/** Go's `internal` rule: a package under `a/internal/` can be imported only from under `a/`. */
function importableFrom(loaderPath: string, relativePath: string): boolean {
  const internal = loaderPath.lastIndexOf('internal/');
  if (internal === -1 || (internal > 0 && loaderPath[internal - 1] !== '/')) return true;
  return relativePath.startsWith(loaderPath.slice(0, internal));
}

function isConfigLocation(relativePath: string): boolean {
  return CONFIG_FILE.test(relativePath) || CONFIG_FOLDER.test(relativePath);
}

function readsEnvByName(text: string): boolean {
  return ENV_READ_TEXT.test(text) && (NAMED_ENV_READ.test(text) || NAMED_HELPER_CALL.test(text));
}

/** A loader-named function that itself reads env vars (`ReadConfig(file)` reading a file is no env loader). */
function declaredLoader(text: string): string | undefined {
  const usesLibrary = ENV_LIBRARY.test(text) || VIPER_ENV.test(text);
  for (const m of text.matchAll(LOADER_DECLARATION)) {
    if (!LOADER_NAME.test(m[1])) continue;
    const end = text.indexOf('\n}', m.index);
    const body = text.slice(m.index, end === -1 ? undefined : end);
    if (readsEnvByName(body) || (usesLibrary && ENV_LIBRARY_CALL.test(body))) return m[1];
  }
  return undefined;
}

interface Loader {
  /** The loader function the file declares, if any. */
  name?: string;
  /** How plainly the file is the loader: a loader function first, then a config-named file, then a file in a config folder. */
  rank: number;
  /** A `main` package's loader is its own program's: no other package can call it. */
  main: boolean;
}

const MAIN_CLAUSE = /^package\s+main\b/m;

/** A file holding the app's config loader: declaring a loader function, or config-named (or in a config folder), and reading env vars by name. */
function configLoader(relativePath: string, text: string): Loader | undefined {
  const main = MAIN_CLAUSE.test(text);
  const name = declaredLoader(text);
  if (name) return { name, rank: 0, main };
  if (!ENV_LIBRARY.test(text) && !VIPER_ENV.test(text) && !readsEnvByName(text)) return undefined;
  if (CONFIG_FILE.test(relativePath)) return { rank: 1, main };
  return CONFIG_FOLDER.test(relativePath) ? { rank: 2, main } : undefined;
}
declareSurvey('config-loader', configLoader);

interface EnvRead {
  call: CallInfo;
  /** The variable's name; undefined for `os.Environ()`. */
  name?: string;
}

const rule: Rule = {
  meta: {
    id: 'config/scattered-env-access',
    factor: 'config',
    severity: 'information',
    languages: ['go'],
    summary: "Env vars are read outside the app's config loader",
    textHint: new RegExp(allOf(names(ENV_READ_NAMES), quotedPath(...Object.keys(ENV_READS)))),
  },
  check({ go, workspace }) {
    if (!go || !go.calls.some((c) => ENV_READ_NAMES.has(c.name))) return [];
    const relativePath = moduleRelativePath(workspace, go.path);
    if (isConfigLocation(relativePath)) return [];
    const filesOfPackage = workspace.packageLookup(go);
    const scattered = go.calls.flatMap((call) => {
      const read = envRead(go, call, filesOfPackage);
      return read && !isLeftAlone(go, read.name, read.call.node) ? [read] : [];
    });
    if (scattered.length === 0) return [];
    const loader = loaderFor(workspace, go, relativePath);
    if (!loader) return [];
    return scattered.map(
      (read): FindingDraft => ({
        range: go.range(read.call.node),
        message: `${read.name ? `env var ${read.name} is` : 'the environment is'} read outside the app's config loader (${loader.label}); read it in the loader and pass the value where it is needed, so the app's configuration is declared in one place`,
        data: { loader: loader.path },
      }),
    );
  },
};

/** The loader the file's env reads belong in (`Load in internal/config/config.go`), when the module has one the file can call. */
function loaderFor(workspace: GoWorkspace, go: GoFile, relativePath: string): { path: string; label: string } | undefined {
  const dir = path.posix.dirname(relativePath);
  const loaders = [...surveyModule(workspace, go, configLoader)]
    .filter(([p, loader]) => (loader.main ? path.posix.dirname(p) === dir : importableFrom(p, relativePath)))
    .sort(([a, x], [b, y]) => x.rank - y.rank || a.length - b.length || a.localeCompare(b));
  if (loaders.length === 0) return undefined;
  const [loaderPath, { name }] = loaders.find(([p]) => p !== relativePath) ?? loaders[0];
  return { path: loaderPath, label: name ? `${name} in ${loaderPath}` : loaderPath };
}

/** Whether a read of env var `name` written at `at` in `go` would be flagged: a fix must not write one. */
export function flagsEnvRead(workspace: GoWorkspace, go: GoFile, name: string, at: Node): boolean {
  const relativePath = moduleRelativePath(workspace, go.path);
  return !isConfigLocation(relativePath) && !isLeftAlone(go, name, at) && loaderFor(workspace, go, relativePath) !== undefined;
}

/**
 * An env read whose variable is named by a literal (directly or through a constant), or an
 * `os.Environ()` the code ranges over. A read of a parameter's name is an env helper (`getEnv(key,
 * def)`): its callers are where the names are, not it. `os.Environ()` otherwise passes the
 * environment on to a child process.
 */
function envRead(file: GoFile, call: CallInfo, packageFiles: () => GoFile[]): EnvRead | undefined {
  if (!ENV_READS[file.importOf(call.receiver) ?? '']?.has(call.name)) return undefined;
  if (call.name === 'Environ') return valueParent(call.node).parent?.type === 'range_clause' ? { call } : undefined;
  const names = call.args.length === 1 ? literalOrigins(file, call.args[0], packageFiles).map((o) => stringValue(o.node)) : [];
  return names.length === 1 && names[0] !== '' ? { call, name: names[0] } : undefined;
}

/**
 * The machine's variables; `main` reading a flag-like setting; reads inside a loader function, by name
 * or by what it does (a loader found by name does not outrank the code that reads and checks the env).
 */
function isLeftAlone(file: GoFile, name: string | undefined, at: Node): boolean {
  // Plan 9 names its system variables in lower case (`objtype`, `sysname`).
  if (name && (SYSTEM_VARIABLE.test(name) || !/[A-Z]/.test(name))) return true;
  if (name && FLAG_LIKE.test(name) && file.packageName === 'main') return true;
  const fn = enclosingDeclaredFunction(at);
  return !!fn && (LOADER_NAME.test(functionName(fn)) || readsAndChecksEnv(fn));
}

const REQUEST_PARAMETER = /ResponseWriter|\*http\.Request|gin\.Context|echo\.Context|fiber\.Ctx/;

/** `value == ""`, `value != ""`: a read value checked for being set (not compared with a setting, `== "on"`). */
function isCheckedForEmpty(value: Node): boolean {
  const { parent } = valueParent(value);
  if (parent?.type !== 'binary_expression' || !/^(==|!=)$/.test(parent.childForFieldName('operator')?.text ?? '')) return false;
  return [parent.childForFieldName('left'), parent.childForFieldName('right')].some((side) => side?.text === '""');
}

/**
 * A function reading several env vars by name (`main` or `init`: one) that checks one is set: a read compared with "" in
 * place, or stored in a variable the function compares with "" (`host := os.Getenv("DB_HOST"); if
 * host == "" {…}`), or a `LookupEnv` whose found flag it tests. That function is the app's loader,
 * whatever it is called. Not a request handler.
 */
const readsAndChecksEnv = subtreeFact((fn: Node): boolean => {
  // A request handler checking a setting is no loader.
  if (REQUEST_PARAMETER.test(fn.childForFieldName('parameters')?.text ?? '')) return false;
  const reads = descendants(fn, 'call_expression').filter(
    (call): call is Node => !!call && /^(os|syscall)\.(Getenv|LookupEnv)$/.test(call.childForFieldName('function')?.text ?? '') && isStringLiteral(call.childForFieldName('arguments')?.namedChildren[0] ?? call),
  );
  // One read is enough where the program starts: `main` checking GITHUB_TOKEN before anything runs.
  if (reads.length < (/^(main|init)$/.test(functionName(fn)) ? 1 : 2)) return false;
  return reads.some((read) => {
    if (isCheckedForEmpty(read)) return true;
    const site = literalSite(valueParent(read).node);
    if (site.kind !== 'assign' || site.nameNode.type !== 'identifier') return false;
    const names = site.nameNode.parent?.namedChildren ?? [];
    // `v, ok := os.LookupEnv("X")`: the flag says whether it is set.
    const found = /LookupEnv$/.test(read.childForFieldName('function')?.text ?? '') && names.length === 2 ? names[1] : undefined;
    const checked = found ?? site.nameNode;
    if (!checked || checked.text === '_') return false;
    return identifiersNamed(fn, checked.text).some(
      (use) => use.id !== checked.id && (found ? use.parent?.type === 'unary_expression' || use.parent?.type === 'if_statement' : isCheckedForEmpty(use)),
    );
  });
});

export default rule;
