// Names the literal rules suggest: the config key a literal should come from.
import type { Node } from 'web-tree-sitter';
import { argumentKey, callInfo, definitionsOf, isStringLiteral, stringValue, type GoFile } from '../languages/go';
import { envVarName, splitWords } from '../util/literals';

/**
 * The env var a literal should be read from: named after what it is assigned to (`databaseURL` →
 * `DATABASE_URL`, struct field `Addr` of `redis.Options` → `REDIS_ADDR`), else `fallback`.
 */
export function suggestedEnvVar(go: GoFile, literal: Node, fallback: string): string {
  const site = go.siteOf(literal);
  // The fallback of `dsn := os.Getenv("DATABASE_URL"); if dsn == "" { dsn = "…" }` belongs to that variable.
  const envRead = site.kind === 'assign' && site.nameNode.type === 'identifier' ? envVarReadInto(go, site.nameNode) : undefined;
  if (envRead) return envRead;
  if (site.kind === 'assign' || site.kind === 'map-key-value') {
    const name = site.kind === 'assign' ? site.name : site.key;
    // `_ = "…"` names nothing: the fallback (the literal's kind) names it.
    const words = splitWords(name);
    if (words.length > 1 || (words.length === 1 && !GENERIC_NAMES.has(name.toLowerCase()))) return envVarName(name);
  }
  if (site.kind === 'field') {
    const typeName = site.composite.childForFieldName('type')?.text ?? '';
    const qualifier = typeName.replace(/^&/, '').split('.')[0];
    const words = splitWords(site.name);
    if (words.length > 1 || !GENERIC_NAMES.has(site.name.toLowerCase())) return envVarName(site.name);
    if (qualifier && qualifier !== typeName) return envVarName(`${qualifier}_${site.name}`);
  }
  if (site.kind === 'argument') {
    const paired = pairedConfigKey(site.call, site.index);
    if (paired) return paired;
    const call = callInfo(site.call);
    if (call.receiver && !GENERIC_NAMES.has(call.receiver)) {
      const service = call.receiver.split('.').pop() ?? '';
      if (/^[a-z]+$/i.test(service) && !GENERIC_NAMES.has(service.toLowerCase())) return `${envVarName(service)}_URL`;
    }
  }
  return fallback;
}

/**
 * The default of an env or config read is named by the key it reads: `DATABASE_URL` for the value in
 * `getEnv("DATABASE_URL", "…")` or `viper.SetDefault("database.url", "…")` — not `"postgres"` in `sql.Open("postgres", …)`.
 */
export function pairedConfigKey(call: Node, index: number): string | undefined {
  const key = argumentKey(call, index);
  return key && (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(key) || /^[a-z][a-z0-9]*([._-][a-z0-9]+)+$/.test(key)) ? envVarName(key) : undefined;
}

/** The env var a variable is also given, when one of its definitions reads one. */
function envVarReadInto(go: GoFile, name: Node): string | undefined {
  for (const { value } of definitionsOf(go, name)) {
    const envVar = value ? envVarRead(value) : undefined;
    if (envVar) return envVar;
  }
  return undefined;
}

/** The env var an expression reads by name: `os.Getenv("X")`, `getEnv("X", d)`, `env.MustGet("X")`. */
export function envVarRead(expr: Node): string | undefined {
  if (expr.type !== 'call_expression' || !/env/i.test(callInfo(expr).name)) return undefined;
  const key = callInfo(expr).args[0];
  return key && isStringLiteral(key) && /^[A-Z][A-Z0-9_]*$/.test(stringValue(key)) ? stringValue(key) : undefined;
}

/** Names too generic to name a config key after on their own. */
const GENERIC_NAMES = new Set(['s', 'str', 'v', 'val', 'value', 'x', 'tmp', 'addr', 'url', 'uri', 'host', 'dsn', 'key', 'sql', 'os', 'net', 'http', 'c', 'conn', 'db', 'client', 'opts', 'options', 'cfg', 'config']);
