// Secrets and credential URLs in the files around an app: Kubernetes manifests (env entries,
// ConfigMaps, Secrets), compose files (judged as the local dev environment they are) and config
// files (.ini, .toml, .properties, config YAML/JSON). `config/hardcoded-secret` and
// `config/credential-in-url` report from here for every language but Go.
import * as path from 'path';
import { isMap, isSeq, type Document, type YAMLMap } from 'yaml';
import { isComposeName, isConfigFilePath, isExamplePath } from '../../files';
import { iniEntries, propertiesEntries, tomlEntries, type ConfigEntry } from '../../languages/config-files';
import { lineRange, parseYaml, TextIndex, type YamlFile } from '../../languages/documents';
import { composeHostNames, composeServices, entries, kubernetesKind, MAX_YAML_LENGTH, stringScalar, type StringScalar } from '../../languages/manifests';
import type { RuleContext } from '../../rule';
import type { FindingDraft, Range } from '../../types';
import { connectionString, credentialInUrl, envVarName, isPlaceholder, isSecretName, isSecretUnder, isTemplate, providerSecret, splitWords } from '../../util/literals';

/** Where a value is written decides what to do about it. */
type Place = 'env' | 'configmap' | 'secret' | 'manifest' | 'compose' | 'config' | 'other';

interface StructuredValue {
  /** The name the value is given to: an env var, a key (with its section when the key alone is `key` or `pass`). */
  name: string;
  value: string;
  place: Place;
  range: Range;
  /** Start offset of the value's node: both literal rules report a value at the same offset, so the engine keeps one. */
  offset: number;
  /** Env var the value belongs in. */
  envVar: string;
  /** How a message names it, when not by `name`: a config key's path (`database.password`). */
  label?: string;
  /** Compose: the other variables of the same `environment` block. */
  block?: ReadonlyMap<string, string>;
}

interface StructuredFile {
  values: StructuredValue[];
  /** Values under secret-like names and URLs are judged (not only provider key formats). */
  judged: boolean;
  /** Compose: whether a host is one of the file's containers or the developer's machine. */
  isLocalHost?: (host: string) => boolean;
}

/** `config/hardcoded-secret` outside Go: provider keys everywhere (tests included), named secrets where they are deploy config. */
export function structuredSecrets(ctx: RuleContext): FindingDraft[] {
  const file = structuredFile(ctx);
  const out: FindingDraft[] = [];
  for (const v of file.values) {
    const message = providerKeyMessage(v) ?? (file.judged && !ctx.isTest ? namedSecretMessage(v, file) : undefined);
    if (message) out.push({ range: v.range, literalOffset: v.offset, message: message.text, data: { envVar: message.envVar } });
  }
  return out;
}

/** `config/credential-in-url` outside Go: URLs and DSNs with a password in deploy config. */
export function structuredCredentialUrls(ctx: RuleContext): FindingDraft[] {
  const file = structuredFile(ctx);
  if (!file.judged) return [];
  const out: FindingDraft[] = [];
  for (const v of file.values) {
    if (v.place === 'other') continue;
    const credential = credentialInUrl(v.value);
    // `driver://user:pass@localhost/dbname`: alembic.ini's template line, not a database anyone runs.
    if (!credential || credential.scheme === 'driver') continue;
    const hosts = hostsOf(v.value);
    if (file.isLocalHost && (hosts.length === 0 || hosts.every(file.isLocalHost))) continue;
    const envVar = v.envVar || (connectionString(v.value)?.envVar ?? 'SERVICE_URL');
    const text =
      v.place === 'compose'
        ? `a password for a host outside this compose file is hardcoded in ${credential.redacted}; pass the URL in from the environment (\${${envVar}})`
        : `a password is hardcoded in ${credential.redacted}; ${ADVICE[v.place](envVar)}`;
    out.push({ range: v.range, literalOffset: v.offset, message: text, data: { envVar } });
  }
  return out;
}

const ADVICE: Record<Place, (envVar: string) => string> = {
  env: () => 'keep it in a Secret and reference it with valueFrom.secretKeyRef',
  configmap: () => 'move it to a Secret created at deploy time (a ConfigMap is plain config)',
  secret: () => 'create the Secret at deploy time or commit it encrypted (Sealed Secrets, SOPS): base64 is no encryption',
  manifest: () => 'keep it in a Secret and hand it to the container from there',
  compose: (envVar) => `pass it in from the environment (\${${envVar}})`,
  config: (envVar) => `read it from the environment (${envVar}) instead of committing it in a config file`,
  other: (envVar) => `read it from the environment (${envVar})`,
};

interface Message {
  text: string;
  envVar: string;
}

function providerKeyMessage(v: StructuredValue): Message | undefined {
  const key = providerSecret(v.value);
  if (!key) return undefined;
  const envVar = v.envVar || key.envVar;
  return { text: `${key.provider} is hardcoded (${key.redacted}); revoke it, then ${ADVICE[v.place](envVar)}`, envVar };
}

function namedSecretMessage(v: StructuredValue, file: StructuredFile): Message | undefined {
  if (!v.name || isReference(v.value) || !(isSecretUnder(v.name, v.value, true) || isDeployedKeyWord(v))) return undefined;
  if (v.place !== 'compose') return { text: `secret "${v.label ?? v.name}" is hardcoded; ${ADVICE[v.place](v.envVar)}`, envVar: v.envVar };
  // The compose file is the local dev environment: only a credential for a host outside it leaks one.
  const host = v.block && credentialHosts(v.name, v.block).find((h) => !file.isLocalHost?.(h));
  return host ? { text: `secret "${v.name}" for ${host}, a host outside this compose file, is hardcoded; ${ADVICE.compose(v.envVar)}`, envVar: v.envVar } : undefined;
}

/**
 * A Kubernetes container's `POSTGRES_PASSWORD: password`: elsewhere a value that only repeats a word of
 * its key is a placeholder, but a deployed container runs with it as the password.
 */
function isDeployedKeyWord(v: StructuredValue): boolean {
  const words = splitWords(v.value);
  return v.place === 'env' && !!v.name && isSecretName(v.name) && words.length === 1 && splitWords(v.name).includes(words[0]) && !isPlaceholder(v.value);
}

/** Kubernetes `$(OTHER_VAR)`, encrypted values (SOPS `ENC[…]`, jasypt `ENC(…)`, Spring `{cipher}`, Ansible Vault). */
function isReference(value: string): boolean {
  return /\$\([A-Za-z_][A-Za-z0-9_]*\)/.test(value) || /^(ENC\[|ENC\(|\{cipher\}|\$ANSIBLE_VAULT|vault:v\d+:)/.test(value.trim());
}

const HOST_WORDS = new Set(['host', 'hostname', 'hosts', 'server', 'addr', 'address', 'url', 'uri', 'endpoint', 'dsn', 'brokers']);

/**
 * The hosts a credential in a compose `environment` block is for: those of the variable naming the
 * same thing's address, longest shared prefix first (`SMTP_PASSWORD` → `SMTP_HOST`,
 * `PAYMENTS_API_KEY` → `PAYMENTS_API_URL`, `DB_PASS` → `DB_URL`).
 */
function credentialHosts(name: string, block: ReadonlyMap<string, string>): string[] {
  const words = splitWords(name);
  for (let n = words.length - 1; n >= (words.length === 1 ? 0 : 1); n--) {
    const prefix = words.slice(0, n).join('_');
    for (const [other, value] of block) {
      const otherWords = splitWords(other);
      if (otherWords.length === n + 1 && otherWords.slice(0, n).join('_') === prefix && HOST_WORDS.has(otherWords[n])) return hostsOf(value);
    }
  }
  return [];
}

/** Hosts named in an address, URL or DSN; none for templates and placeholders. */
function hostsOf(value: string): string[] {
  const v = value.trim().replace(/^jdbc:/i, '');
  if (isPlaceholder(v) || isTemplate(v) || v.includes('$')) return [];
  // The userinfo runs to the last `@` of the authority: a password may hold a raw `@`.
  const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^\s/?#]*@)?([^\s/?#@]*)/i.exec(v);
  const mysql = /@(?:tcp|udp)?\(([^)]*)\)/.exec(v);
  const keyValue = /(?:^|[\s;])(?:host|server|data source|hostaddr)\s*=\s*([^\s;]+)/i.exec(v);
  const list = url?.[1] ?? mysql?.[1] ?? keyValue?.[1] ?? (/^[\w.-]+(:\d+)?(,[\w.-]+(:\d+)?)*$/.test(v) ? v : '');
  return list
    .split(',')
    .map((h) => h.replace(/^tcp:/i, '').replace(/^\[([^\]]*)\](:\d+)?$/, '$1').replace(/:\d+$/, '').toLowerCase())
    .filter(Boolean);
}

const LOCAL_HOST = /^(localhost|127(\.\d{1,3}){3}|::1|0\.0\.0\.0|host\.docker\.internal|gateway\.docker\.internal|host-gateway|[\w-]+\.localhost)$/;

/**
 * A host of the developer's machine or its compose network: loopback, Docker's host names, the
 * file's (or a sibling compose file's) containers, or any single-label name (only a container
 * network resolves those; an outside host is a dotted name or an IP).
 */
function localHostCheck(names: ReadonlySet<string>): (host: string) => boolean {
  return (host) => LOCAL_HOST.test(host) || names.has(host) || (/^[a-z0-9_-]+$/i.test(host) && !/^\d+$/.test(host));
}

const CACHE = new WeakMap<RuleContext, StructuredFile>();

function structuredFile(ctx: RuleContext): StructuredFile {
  let file = CACHE.get(ctx);
  if (!file) {
    file = readStructuredFile(ctx);
    CACHE.set(ctx, file);
  }
  return file;
}

function readStructuredFile(ctx: RuleContext): StructuredFile {
  if (ctx.text.length > MAX_YAML_LENGTH && (ctx.language === 'yaml' || ctx.language === 'json' || ctx.language === 'compose')) return { values: [], judged: false };
  // Examples and documentation show what a deploy could look like; only a real key format leaks from them.
  const judged = !isExamplePath(ctx.relativePath);
  switch (ctx.language) {
    case 'compose': {
      const yaml = ctx.yaml ?? parseYaml(ctx.text);
      const names = composeHostNames([...yaml.documents, ...siblingComposeDocuments(ctx)]);
      return { values: yaml.documents.flatMap((doc) => composeValues(yaml, doc)), judged, isLocalHost: localHostCheck(names) };
    }
    case 'yaml':
    case 'json': {
      const yaml = ctx.yaml ?? parseYaml(ctx.text);
      const config = isAppConfigPath(ctx.relativePath);
      return { values: yaml.documents.flatMap((doc) => yamlValues(yaml, doc, config)), judged };
    }
    case 'ini':
      return { values: lineValues(ctx.text, iniEntries(ctx.text)), judged };
    case 'toml':
      return { values: lineValues(ctx.text, tomlEntries(ctx.text)), judged };
    case 'properties':
      return { values: lineValues(ctx.text, propertiesEntries(ctx.text)), judged };
    default:
      return { values: [], judged: false };
  }
}

/** A config file of the app, not of a tool under a dot-folder (`.circleci/config.yml`, `.vscode/settings.json`). */
function isAppConfigPath(relativePath: string): boolean {
  return isConfigFilePath(relativePath) && !/(^|\/)\.[^/]+\//.test(relativePath);
}

/** Compose files next to this one (`docker-compose.override.yml` names services of `docker-compose.yml`). */
function siblingComposeDocuments(ctx: RuleContext): Document.Parsed[] {
  const dir = path.dirname(ctx.path);
  return (ctx.workspace.listDir(dir) ?? [])
    .filter((name) => isComposeName(name) && path.join(dir, name) !== ctx.path)
    .flatMap((name) => parseYaml(ctx.workspace.readFile(path.join(dir, name)) ?? '').documents);
}

function valueAt(yaml: YamlFile, node: StringScalar, name: string, place: Place, envVar = envVarName(name)): StructuredValue {
  return { name, value: node.value, place, range: yaml.range(node.range), offset: node.range[0], envVar };
}

/**
 * Compose: service `environment` and build `args` (map or `KEY=value` list form), and the `x-*`
 * extension blocks they merge from. Other strings are checked for provider key formats only.
 */
function composeValues(yaml: YamlFile, doc: Document.Parsed): StructuredValue[] {
  if (doc.errors.length > 0 || !isMap(doc.contents)) return allStrings(yaml, doc, 'other');
  const blocks: unknown[] = [];
  for (const [key, node] of entries(doc.contents)) {
    if (key.startsWith('x-')) collectMaps(node, blocks);
  }
  for (const { node: service } of composeServices(doc)) {
    blocks.push(service.get('environment'));
    const build = service.get('build');
    if (isMap(build)) blocks.push(build.get('args'));
  }
  const judgedOffsets = new Set<number>();
  const out: StructuredValue[] = [];
  for (const block of blocks) {
    const variables = environmentBlock(yaml, block);
    const names = new Map(variables.map((v) => [v.name, v.value]));
    for (const v of variables) {
      if (judgedOffsets.has(v.offset)) continue;
      judgedOffsets.add(v.offset);
      out.push({ ...v, block: names });
    }
  }
  return out.concat(allStrings(yaml, doc, 'compose').filter((v) => !judgedOffsets.has(v.offset)));
}

/** The maps and lists under an `x-*` extension (a block of variables may be anywhere in it). */
function collectMaps(node: unknown, out: unknown[]): void {
  if (isMap(node)) {
    out.push(node);
    for (const [, value] of entries(node)) collectMaps(value, out);
  } else if (isSeq(node)) {
    out.push(node);
  }
}

/** `KEY: value` pairs or `- KEY=value` items (a list item's value is reported on the whole item). */
function environmentBlock(yaml: YamlFile, block: unknown): StructuredValue[] {
  if (isMap(block)) {
    return entries(block).flatMap(([name, node]) => {
      const scalar = stringScalar(node);
      return scalar ? [valueAt(yaml, scalar, name, 'compose')] : [];
    });
  }
  if (!isSeq(block)) return [];
  return block.items.flatMap((item) => {
    const scalar = stringScalar(item);
    const pair = scalar && /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s.exec(scalar.value);
    if (!scalar || !pair) return [];
    return [{ ...valueAt(yaml, scalar, pair[1], 'compose'), value: pair[2] }];
  });
}

/**
 * Kubernetes objects: `env` entries, ConfigMap and Secret data; config files: every string under
 * its key. Other YAML (CI workflows, Helm values, OpenAPI specs) is checked for provider key formats only.
 */
function yamlValues(yaml: YamlFile, doc: Document.Parsed, config: boolean): StructuredValue[] {
  if (doc.errors.length > 0) return allStrings(yaml, doc, 'other');
  const kind = kubernetesKind(doc);
  if (kind) return kubernetesValues(yaml, doc, kind);
  return config ? keyedStrings(yaml, doc.contents, []) : allStrings(yaml, doc, 'other');
}

function kubernetesValues(yaml: YamlFile, doc: Document.Parsed, kind: string): StructuredValue[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  const out: StructuredValue[] = [];
  const seen = new Set<number>();
  const push = (v: StructuredValue): void => {
    seen.add(v.offset);
    out.push(v);
  };
  for (const entry of envEntries(doc.contents)) {
    const name = stringScalar(entry.get('name', true));
    const value = stringScalar(entry.get('value', true));
    if (name && value) push(valueAt(yaml, value, name.value, 'env'));
  }
  if (kind === 'ConfigMap' || kind === 'Secret') {
    const place = kind === 'ConfigMap' ? 'configmap' : 'secret';
    for (const [name, node] of entries(root.get(kind === 'Secret' ? 'stringData' : 'data'))) {
      const scalar = stringScalar(node);
      if (scalar) push(valueAt(yaml, scalar, name, place));
    }
    if (kind === 'Secret') {
      for (const [name, node] of entries(root.get('data'))) {
        const scalar = stringScalar(node);
        const decoded = scalar && decodeBase64(scalar.value);
        if (scalar && decoded !== undefined) push({ ...valueAt(yaml, scalar, name, 'secret'), value: decoded });
      }
    }
  }
  return out.concat(allStrings(yaml, doc, 'manifest').filter((v) => !seen.has(v.offset)));
}

/** The items of every `env:` list of a Kubernetes object (containers, init containers, templates). */
function envEntries(node: unknown): YAMLMap[] {
  const out: YAMLMap[] = [];
  const walk = (n: unknown): void => {
    if (isSeq(n)) n.items.forEach(walk);
    for (const [key, value] of entries(n)) {
      if (key === 'env' && isSeq(value)) out.push(...value.items.filter(isMap));
      else walk(value);
    }
  };
  walk(node);
  return out;
}

/** A Secret's `data` value decoded, when it is base64 of text. */
function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  return /^[\x20-\x7e\t\r\n]*$/.test(decoded) ? decoded : undefined;
}

/** Words that say only "a key" or "a password": the section they are in names what for (`jwt: {key: …}`, `smtp: {pass: …}`). */
const BARE_KEY_WORDS = /^(key|keys|pass)$/i;

/** Name, env var and label of a config key path: `[jwt, key]` → `jwt_key`, JWT_KEY, `jwt.key`. */
function configName(keyPath: readonly string[]): Pick<StructuredValue, 'name' | 'envVar' | 'label'> {
  const last = keyPath[keyPath.length - 1] ?? '';
  const name = BARE_KEY_WORDS.test(last) && keyPath.length > 1 ? `${keyPath[keyPath.length - 2]}_${last}` : last;
  return { name, envVar: envVarName(keyPath.join('_')), label: keyPath.join('.') };
}

/** Every string of a config document under the key it is written at (list items under their list's key). */
function keyedStrings(yaml: YamlFile, node: unknown, keyPath: string[]): StructuredValue[] {
  const scalar = stringScalar(node);
  if (scalar) return [{ ...valueAt(yaml, scalar, '', 'config'), ...configName(keyPath) }];
  if (isSeq(node)) return node.items.flatMap((item) => keyedStrings(yaml, item, keyPath));
  return entries(node).flatMap(([key, value]) => keyedStrings(yaml, value, [...keyPath, key]));
}

/** Every string of a document, under no name: for provider key formats and credential URLs. */
function allStrings(yaml: YamlFile, doc: Document.Parsed, place: Place): StructuredValue[] {
  const out: StructuredValue[] = [];
  const walk = (node: unknown): void => {
    const scalar = stringScalar(node);
    if (scalar) out.push(valueAt(yaml, scalar, '', place, ''));
    else if (isSeq(node)) node.items.forEach(walk);
    else if (isMap(node)) node.items.forEach((pair) => walk(pair.value));
  };
  walk(doc.contents);
  return out;
}

function lineValues(text: string, found: ConfigEntry[]): StructuredValue[] {
  const index = new TextIndex(text);
  return found.map((entry) => ({
    ...configName([...entry.section, entry.key]),
    value: entry.value,
    place: 'config',
    range: lineRange(entry.line, entry.start, entry.end),
    offset: index.offset({ line: entry.line, character: entry.start }),
  }));
}
