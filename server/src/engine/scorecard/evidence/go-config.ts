// Evidence in Go code that config comes from the environment: a config loader (III), the listen port
// read from PORT (VII), backing services opened with addresses from config (IV).
import type { Node } from 'web-tree-sitter';
import { definitionsOf, descendants, importedType, importedTypeComposites, isStringLiteral, keyedValues, type CallInfo, type GoFile } from '../../languages/go';
import type { RuleContext } from '../../rule';
import { envVarRead } from '../../rules/literal-names';
import type { Evidence } from '../types';
import { evidence, type EvidenceCollector } from './collector';

/** Libraries that fill a config struct from the environment, with their loading functions. */
const CONFIG_LIBRARIES: { importPath: RegExp; functions: string[] }[] = [
  { importPath: /^github\.com\/caarlos0\/env(\/v\d+)?$/, functions: ['Parse', 'ParseAs', 'ParseWithOptions', 'Must'] },
  { importPath: /^github\.com\/kelseyhightower\/envconfig$/, functions: ['Process', 'MustProcess'] },
  { importPath: /^github\.com\/sethvargo\/go-envconfig$/, functions: ['Process', 'ProcessWith', 'MustProcess'] },
  { importPath: /^github\.com\/ilyakaznacheev\/cleanenv$/, functions: ['ReadEnv', 'ReadConfig'] },
];
/** Calls that stop the program: a loader calling one fails loudly. */
const FATAL_CALLS = /^(Fatal|Fatalf|Fatalln|Exit|Panic|Panicf|Panicln|panic)$/;
/** At least this many variables read by hand make a function a config loader. */
const MIN_LOADER_VARIABLES = 2;

function callsWithin(go: GoFile, scope: Node): CallInfo[] {
  return go.calls.filter((c) => c.node.startIndex >= scope.startIndex && c.node.endIndex <= scope.endIndex);
}

function listed(names: string[]): string {
  return names.length > 4 ? `${names.slice(0, 4).join(', ')}, …` : names.join(', ');
}

export const configLoader: EvidenceCollector = {
  factor: 'config',
  kind: 'config-loader',
  languages: ['go'],
  collect({ go, path }) {
    if (!go) return [];
    const out: Evidence[] = [];
    for (const fn of go.root.namedChildren) {
      if (fn?.type !== 'function_declaration' && fn?.type !== 'method_declaration') continue;
      const name = fn.childForFieldName('name');
      if (!name) continue;
      const calls = callsWithin(go, fn);
      const variables = [...new Set(calls.flatMap((c) => envVarRead(c.node) ?? []))];
      const library = calls.find((c) => {
        const importPath = go.importOf(c.receiver);
        return importPath !== undefined && CONFIG_LIBRARIES.some((l) => l.importPath.test(importPath) && l.functions.includes(c.name));
      });
      if (variables.length < MIN_LOADER_VARIABLES && !library) continue;
      const returnsError = /\berror\b/.test(fn.childForFieldName('result')?.text ?? '');
      if (!returnsError && !calls.some((c) => FATAL_CALLS.test(c.name))) continue;
      const what = library ? `with ${library.callee}` : `(${listed(variables)})`;
      out.push(evidence(this, path, go.range(name), `config loaded from the environment in ${name.text} ${what}, failing loudly when it is incomplete`));
    }
    return out;
  },
};

/** Struct tags naming the PORT variable for a config library: `env:"PORT"`, `envconfig:"PORT"`. */
const PORT_TAG = /\b(env|envconfig):"PORT\b/;

export const portFromEnv: EvidenceCollector = {
  factor: 'port-binding',
  kind: 'port-from-env',
  languages: ['go'],
  collect({ go, path }) {
    if (!go) return [];
    const reads = go.calls.filter((c) => envVarRead(c.node) === 'PORT').map((c) => c.node);
    const tags = descendants(go.root, 'field_declaration').flatMap((f) => {
      const tag = f.childForFieldName('tag');
      return tag && PORT_TAG.test(tag.text) ? [tag] : [];
    });
    return [...reads, ...tags].map((node) => evidence(this, path, go.range(node), `listen port read from the environment (PORT): ${node.text}`));
  },
};

/** Functions opening a connection to a backing service, with the index of the address argument. */
const OPENERS: { importPath: RegExp; names: string[]; argument: number }[] = [
  { importPath: /^database\/sql$/, names: ['Open'], argument: 1 },
  { importPath: /^github\.com\/jmoiron\/sqlx$/, names: ['Open', 'Connect', 'MustConnect'], argument: 1 },
  { importPath: /^github\.com\/jackc\/pgx(\/v\d+)?$/, names: ['Connect', 'ParseConfig'], argument: 1 },
  { importPath: /^github\.com\/jackc\/pgx\/v\d+\/pgxpool$/, names: ['New', 'Connect'], argument: 1 },
  { importPath: /^github\.com\/(redis\/go-redis|go-redis\/redis)(\/v\d+)?$/, names: ['ParseURL'], argument: 0 },
  { importPath: /^github\.com\/(rabbitmq\/amqp091-go|streadway\/amqp)$/, names: ['Dial'], argument: 0 },
  { importPath: /^github\.com\/nats-io\/nats\.go$/, names: ['Connect'], argument: 0 },
  { importPath: /^gorm\.io\/driver\/(postgres|mysql|sqlserver)$/, names: ['Open'], argument: 0 },
];
const REDIS_OPTIONS = /^github\.com\/(redis\/go-redis|go-redis\/redis)(\/v\d+)?$/;

/**
 * An address that comes from config: a config field (`cfg.DatabaseURL`), an env read, a parameter,
 * or a variable given only such values. A literal, or text built around one, does not.
 */
function fromConfig(go: GoFile, expr: Node, depth = 0): boolean {
  if (isStringLiteral(expr)) return false;
  if (expr.type === 'selector_expression') return true;
  if (expr.type === 'call_expression') return envVarRead(expr) !== undefined;
  if (expr.type !== 'identifier' || depth > 2) return false;
  const definitions = definitionsOf(go, expr);
  return definitions.length > 0 && definitions.every((d) => d.kind === 'param' || (d.value !== null && fromConfig(go, d.value, depth + 1)));
}

function addressArguments(go: GoFile): { call: Node; callee: string; address: Node }[] {
  const out: { call: Node; callee: string; address: Node }[] = [];
  for (const call of go.calls) {
    const importPath = go.importOf(call.receiver);
    const opener = importPath !== undefined ? OPENERS.find((o) => o.importPath.test(importPath) && o.names.includes(call.name)) : undefined;
    const address = opener ? call.args[opener.argument] : call.name === 'ApplyURI' && go.importsPath((p) => p.includes('mongo-driver')) ? call.args[0] : undefined;
    if (address) out.push({ call: call.node, callee: call.callee, address });
  }
  for (const composite of importedTypeComposites(go)) {
    const type = importedType(go, composite.childForFieldName('type')!);
    if (!type || type.name !== 'Options' || !REDIS_OPTIONS.test(type.importPath)) continue;
    for (const { key, value } of keyedValues(composite)) if (key === 'Addr') out.push({ call: composite, callee: 'redis.Options', address: value });
  }
  return out;
}

export const backingServiceConfig: EvidenceCollector = {
  factor: 'backing-services',
  kind: 'backing-service-from-config',
  languages: ['go'],
  collect(ctx: RuleContext) {
    const { go, path } = ctx;
    if (!go) return [];
    return addressArguments(go)
      .filter(({ address }) => fromConfig(go, address))
      .map(({ call, callee, address }) => evidence(this, path, go.range(call), `${callee} gets its address from config (${address.text}), so the service can be swapped without a code change`));
  },
};
