import * as path from 'path';
import { isMap } from 'yaml';
import type { Rule, RuleContext } from '../../rule';
import type { FindingDraft } from '../../types';
import { isConfigFilePath, isExamplePath } from '../../files';
import { iniEntries, propertiesEntries, tomlEntries, type ConfigEntry } from '../../languages/config-files';
import { fileHeadRange, parseYaml } from '../../languages/documents';
import { kubernetesKind, MAX_YAML_LENGTH } from '../../languages/manifests';
import { isPlaceholder } from '../../util/literals';
import { isGitIgnored } from '../repo-files';

/**
 * The deploy environment a config file is named after: `config/production.json`, `config.prod.yml`,
 * `application-prod.properties`, `appsettings.Staging.json`. Development, test and local files
 * configure a developer's machine, not a deploy.
 */
function deployEnvironment(relativePath: string): string | undefined {
  const words = path.posix.basename(relativePath).replace(/\.[^.]+$/, '').split(/[._-]/);
  const environment = words.find((word) => /^(production|prod|staging|stage)$/i.test(word));
  // `config.prod`, `application-prod`, `production`; not `stage-names` or `prod-catalog`.
  const others = words.filter((word) => word !== environment);
  return environment && others.every((word) => /^(config|configuration|settings|application|appsettings|app|secrets|conf|env)$/i.test(word)) ? environment : undefined;
}

/** `${DATABASE_URL}` and `changeme` leave the value to the deploy. */
function isValue(entry: ConfigEntry): boolean {
  return !isPlaceholder(entry.value, entry.key);
}

/** Whether the file sets anything: a map with entries, or key/value lines with values. */
function holdsValues(ctx: RuleContext): boolean {
  switch (ctx.language) {
    case 'json':
    case 'yaml': {
      if (ctx.text.length > MAX_YAML_LENGTH) return false;
      const documents = (ctx.yaml ?? parseYaml(ctx.text)).documents;
      // A Kubernetes manifest in a config folder is a deploy's description, judged by the manifest rules.
      if (documents.some((doc) => kubernetesKind(doc))) return false;
      return documents.some((doc) => isMap(doc.contents) && doc.contents.items.length > 0);
    }
    case 'ini':
      return iniEntries(ctx.text).some(isValue);
    case 'toml':
      return tomlEntries(ctx.text).some(isValue);
    case 'properties':
      return propertiesEntries(ctx.text).some(isValue);
    default:
      return false;
  }
}

const rule: Rule = {
  meta: {
    id: 'config/environment-config-file',
    factor: 'config',
    severity: 'warning',
    // `.env.production` with values is `config/committed-env-file`'s: one finding for one file.
    languages: ['json', 'yaml', 'ini', 'toml', 'properties'],
    summary: 'A per-environment config file (config/production.json, application-prod.properties) committed with the code.',
  },
  check(ctx): FindingDraft[] {
    const environment = deployEnvironment(ctx.relativePath);
    if (!environment || isExamplePath(ctx.relativePath) || /(^|\/)\.[^/]+\//.test(ctx.relativePath)) return [];
    // YAML is everywhere (CI, charts, OpenAPI): only a config-like name or folder makes it app config.
    if (ctx.language === 'yaml' && !isConfigFilePath(ctx.relativePath)) return [];
    if (!holdsValues(ctx) || isGitIgnored(ctx)) return [];
    const name = path.basename(ctx.path);
    const head = fileHeadRange(ctx.text);
    return [{
      range: head,
      message: `${name} holds the ${environment} deploy's config in the codebase; read those values from the environment of that deploy (env vars or a secret store), and keep only defaults in the code`,
      data: { file: name, environment },
    }];
  },
};

export default rule;
