// Names for an extracted config value: the Go field (`DatabaseURL`) and its env var (`DATABASE_URL`),
// taken from what the literal is assigned to, else from the rule's suggestion, else from the value.
import type { Node } from 'web-tree-sitter';
import { callInfo, enclosingDeclaredFunction, functionName, literalSite, type GoFile } from '../../languages/go';
import { suggestedEnvVar } from '../../rules/literal-names';
import { connectionString, envVarName, listenPort, looksLikeAddress, splitWords } from '../../util/literals';

export interface ConfigName {
  field: string;
  envVar: string;
  /** Named after the variable or field the literal is given to (a clash with that name is the same setting). */
  fromIdentifier: boolean;
}

/** Go's initialisms, written in one case in exported names (`DatabaseURL`, `APIKey`). */
const INITIALISMS = new Set([
  'ACL', 'API', 'ASCII', 'CPU', 'CSS', 'DNS', 'DSN', 'EOF', 'GRPC', 'GUID', 'HMAC', 'HTML', 'HTTP', 'HTTPS', 'ID', 'IP', 'JSON', 'JWT', 'RPC',
  'SMTP', 'SQL', 'SSH', 'TCP', 'TLS', 'TTL', 'UDP', 'UI', 'UID', 'URI', 'URL', 'UUID', 'XML',
]);

/** `DATABASE_URL` → `DatabaseURL`, `api_key` → `APIKey`. */
export function fieldNameOf(envVar: string): string {
  return splitWords(envVar)
    .map((w) => (INITIALISMS.has(w.toUpperCase()) ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1)))
    .join('');
}

/** The exported form of an identifier, keeping the user's casing: `databaseURL` → `DatabaseURL`. */
function exported(identifier: string): string {
  const lowerInitialism = /^[a-z]+/.exec(identifier)?.[0] ?? '';
  if (INITIALISMS.has(lowerInitialism.toUpperCase()) && lowerInitialism.length < identifier.length) {
    return lowerInitialism.toUpperCase() + identifier.slice(lowerInitialism.length); // `apiKey` → `APIKey`
  }
  return identifier[0].toUpperCase() + identifier.slice(1);
}

/** The env var a literal with no better name is read from, by what the value looks like. */
function fallbackEnvVar(value: string): string {
  if (connectionString(value)) return connectionString(value)!.envVar;
  if (listenPort(value)) return 'PORT';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'SERVICE_URL';
  if (looksLikeAddress(value)) return 'SERVICE_ADDR';
  return 'SETTING';
}

/**
 * The name for a literal: `suggested` (a finding's env var) or the rules' own suggestion, and the
 * field named after the identifier the literal is given to when that identifier names the same key.
 */
export function configNameFor(go: GoFile, literal: Node, value: string, suggested?: string): ConfigName {
  const envVar = namedAfterHost(suggested ?? suggestedEnvVar(go, literal, fallbackEnvVar(value)), value);
  const site = go.siteOf(literal);
  const identifier = site.kind === 'assign' || site.kind === 'field' ? site.name : undefined;
  if (identifier && /^[A-Za-z_]\w*$/.test(identifier) && envVarName(identifier) === envVar) {
    return { field: exported(identifier), envVar, fromIdentifier: true };
  }
  return { field: fieldNameOf(envVar), envVar, fromIdentifier: false };
}

/** Host labels that name no service. */
const ANONYMOUS_HOSTS = /^(localhost|127\.|0\.0\.0\.0|\d+\.|\[|db$|host$|server$|service$|api$|www$|app$)/;

/** A generic `SERVICE_ADDR`/`SERVICE_URL` named after the service's host instead: `search.internal:9200` → `SEARCH_ADDR`. */
function namedAfterHost(envVar: string, value: string): string {
  const generic = /^SERVICE_(ADDR|URL)$/.exec(envVar);
  const host = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?([a-z][a-z0-9-]*)/i.exec(value.trim())?.[1];
  return generic && host && !ANONYMOUS_HOSTS.test(host.toLowerCase()) ? envVarName(`${host}_${generic[1]}`) : envVar;
}

/** Words that say what kind of thing a name is, not which one: dropped from qualifiers. */
const GENERIC_WORDS = new Set([
  'db', 'database', 'conn', 'connection', 'client', 'pool', 'store', 'repo', 'url', 'uri', 'dsn', 'addr', 'address', 'host', 'err', 'cfg', 'config',
  'open', 'new', 'connect', 'dial', 'init', 'setup', 'get', 'make', 'create', 'must', 'main', 'handle', 'handler', 'serve', 'run', 'start', 'load', 's', 'x', 'v',
]);

/**
 * Words that tell this setting from another of the same kind, from the variable the literal's call
 * result is stored in (`analyticsDB, err := sql.Open(…)`) or the enclosing function (`openAnalytics`):
 * `Analytics` for `AnalyticsDatabaseURL`.
 */
export function qualifierFor(literal: Node): string | undefined {
  const candidates: string[] = [];
  const site = literalSite(literal);
  if (site.kind === 'argument') {
    const holder = literalSite(site.call);
    if (holder.kind === 'assign' || holder.kind === 'field') candidates.push(holder.name);
    candidates.push(callInfo(site.call).receiver.split('.').pop() ?? '');
  }
  const fn = enclosingDeclaredFunction(literal);
  if (fn) candidates.push(functionName(fn));
  for (const candidate of candidates) {
    const words = splitWords(candidate).filter((w) => !GENERIC_WORDS.has(w));
    if (words.length > 0) return fieldNameOf(words.join('_'));
  }
  return undefined;
}

/**
 * The env var of a listener beside the service's, which must keep off PORT (the service's): named
 * after the variable it is assigned to (`metricsAddr` → `METRICS_ADDR`), else after its function
 * (`serveMetrics` → `METRICS_PORT`), else after its port (`PORT_9100`).
 */
export function sideListenerEnvVar(go: GoFile, literal: Node, port: string): string {
  const named = suggestedEnvVar(go, literal, 'PORT');
  if (go.siteOf(literal).kind === 'assign' && named !== 'PORT') return named;
  const fn = enclosingDeclaredFunction(literal);
  const words = fn ? splitWords(functionName(fn)).filter((w) => !GENERIC_WORDS.has(w)) : [];
  return words.length > 0 ? envVarName(`${words.join('_')}_port`) : `PORT_${port}`;
}

/** `name` when `taken` does not hold it, else `name2`, `name3`… */
export function numbered(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  let n = 2;
  while (taken(`${name}${n}`)) n++;
  return `${name}${n}`;
}
