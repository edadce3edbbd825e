// Which files the engine reads and how: file kind by name (and, for YAML, by content), test code by path.
import type { LanguageId } from './types';

function baseName(path: string): string {
  return path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
}

/** Dockerfile, dockerfile, Dockerfile.prod, Dockerfile-dev, api.Dockerfile, Containerfile. */
export function isDockerfileName(name: string): boolean {
  return /^(dockerfile|containerfile)([.-].+)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name);
}

/** docker-compose.yml, docker_compose.prod.yaml, compose.yml, compose.override.yaml. */
export function isComposeName(name: string): boolean {
  return /^(docker[-_]compose|compose)([.-][^/]*)?\.ya?ml$/i.test(name);
}

/** .env, .env.local, .env.production, prod.env. */
export function isEnvFileName(name: string): boolean {
  return name === '.env' || name.startsWith('.env.') || (name.endsWith('.env') && name.length > 4);
}

/** An env file meant to be committed: a name containing example, sample, template or dist. */
export function isExampleEnvFileName(name: string): boolean {
  return /example|sample|template|dist/i.test(name);
}

/** Examples and documentation (`examples/`, `docs/`, `config.example.yml`): what a deploy could look like, not one. */
export function isExamplePath(relativePath: string): boolean {
  const p = relativePath.replace(/\\/g, '/').toLowerCase();
  return /(^|\/)(examples?|samples?|docs?)\//.test(p) || /[._-](example|sample|template|dist)([._-]|$)/.test(p.slice(p.lastIndexOf('/') + 1));
}

const CONFIG_NAME = /^(config|settings|application|appsettings|secrets)/i;
const CONFIG_FOLDERS = new Set(['config', 'configs', 'conf', 'settings']);
/** JSON files that configure tools, not the app, even in a config folder. */
const TOOL_JSON = /^(tsconfig|jsconfig|composer|package-lock|npm-shrinkwrap|\.eslintrc|\.prettierrc|\.babelrc)|([-.]lock|\.schema)\.json$/i;

/**
 * A config file by its name (`config.yml`, `settings.prod.json`, `application-prod.yml`,
 * `appsettings.Development.json`, `secrets.yaml`) or its folder (`config/production.json`).
 */
export function isConfigFilePath(path: string): boolean {
  const parts = path.replace(/\\/g, '/').split('/');
  return CONFIG_NAME.test(parts[parts.length - 1]) || CONFIG_FOLDERS.has((parts[parts.length - 2] ?? '').toLowerCase());
}

/** twelve-factor's own settings file, `.twelve-factor.yml` (or `.yaml`). */
export function isSettingsFileName(name: string): boolean {
  return name === '.twelve-factor.yml' || name === '.twelve-factor.yaml';
}

export function languageOf(path: string): LanguageId | undefined {
  const name = baseName(path);
  if (name.endsWith('.go')) return 'go';
  if (isSettingsFileName(name)) return 'twelve-factor-config';
  if (isDockerfileName(name)) return 'dockerfile';
  if (isComposeName(name)) return 'compose';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  if (name === 'Procfile' || name.startsWith('Procfile.')) return 'procfile';
  if (isEnvFileName(name)) return 'dotenv';
  if (name === 'go.mod') return 'gomod';
  if (name === 'package.json') return 'packagejson';
  if (/\.json$/i.test(name) && isConfigFilePath(path) && !TOOL_JSON.test(name)) return 'json';
  if (/\.ini$/i.test(name)) return 'ini';
  if (/\.toml$/i.test(name) && name !== 'pyproject.toml') return 'toml';
  if (/\.properties$/i.test(name)) return 'properties';
  if (/^requirements.*\.txt$/i.test(name)) return 'requirements';
  if (/\.(sh|bash)$/.test(name) || name === 'docker-entrypoint' || name === 'entrypoint') return 'shell';
  return undefined;
}

const TEST_DIRS = /(^|\/)(testdata|test|tests|__tests__|fixtures)\//;
const TEST_FILES = /(_test\.go|\.(test|spec)\.[cm]?[jt]sx?|\.spec\.[a-z]+|(^|\/)test_[^/]*\.py|_test\.py)$/;

/**
 * Test code by the catalog's convention. `relativePath` is relative to the workspace or scan root, so
 * a checkout that happens to live under a folder named `tests/` is not all test code.
 */
export function isTestPath(relativePath: string): boolean {
  const p = relativePath.replace(/\\/g, '/');
  return TEST_FILES.test(p) || TEST_DIRS.test(p);
}
