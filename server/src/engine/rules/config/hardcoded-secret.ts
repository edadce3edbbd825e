// Secrets written in the code: values under secret-like names, literal signing/session keys, and
// anything in a provider's key format (that last one in test code too: a real key leaks from a test).
import type { Node } from 'web-tree-sitter';
import {
  argumentKey,
  callInfo,
  type CallInfo,
  convertedValue,
  descendants,
  editedDeclarationFact,
  editedSubtreeFact,
  enclosingFunction,
  functionName,
  type GoFile,
  literalsReaching,
  parameterTypes,
  stringValue,
  structTagDefaults,
  type TagDefault,
  valueParent,
} from '../../languages/go';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import {
  envVarName,
  isPlaceholder,
  isSecretUnder,
  isTemplate,
  looksLikeSecretValue,
  PROVIDER_SECRET_HINT,
  providerSecret,
  type ProviderSecret,
} from '../../util/literals';
import { envVarRead, suggestedEnvVar } from '../literal-names';
import { structuredSecrets } from './structured-secrets';
import { allOf, anyOf, words } from '../hint-patterns';

/** Where a name ends: the next character neither continues it nor starts another of its words. */
const NAME_END = '(?![A-Za-z0-9]|[_.\\-][A-Za-z0-9])';
/**
 * Go text naming a secret the way `isSecretName` sees names: a secret word; `pass` after another word
 * of the name (`dbPass`, `SMTP_PASS`, "smtp pass"); `auth` with only credential words after it; a
 * secret pair (`apiKey`); or a library call taking credentials by position.
 */
/**
 * A word that may be part of a name: in code, not a package or value a selector is read from
 * (`token.Pos`); in a string, not in an import path on a line of its own (`"go/token"`).
 */
const IN_NAME =
  '(?:(?![.][A-Za-z_])(?<!["`][^"`\\n]*)|(?<=["`][^"`\\n]*)' +
  '(?:(?![^"`\\n]*["`][ \\t]*(?:\\/\\/[^\\n]*)?(?:\\r?\\n|$))|(?<!(?:^|\\n)[ \\t]*(?:import[ \\t]+)?(?:[\\w.]+[ \\t]+)?["`][^"`\\n]*)))';
const SECRET_NAME = new RegExp(
  anyOf(
    `(?:${words('password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'passphrase')})${IN_NAME}`,
    `(?:(?:Pass|PASS)(?<=[A-Za-z0-9]....)|(?:pass|Pass|PASS)(?<![A-Za-z0-9]....)(?<=(?:[A-Za-z0-9][^A-Za-z0-9\\s"\`]+|["\`][^"\`\\n]*[A-Za-z0-9][^"\`\\n]*)....))${NAME_END}`,
    `(?:${words('auth')})(?:[^A-Za-z0-9]*(?:${words('key', 'keys', 'creds', 'credential', 'credentials', 'string', 'str', 'data', 'value')}))*${NAME_END}`,
    `(?:${words('api', 'access', 'private')})[^A-Za-z0-9]*(?:${words('key')})`,
    PROVIDER_SECRET_HINT,
    /\b(?:NewDialer|NewStaticCredentials|NewStore)/,
  ),
);
/** A key named for what it signs or encrypts: `jwtKey`, `SESSION_KEY`, `signingKeys`. */
const QUALIFIED_KEY = new RegExp(allOf(words('key', 'keys'), words('jwt', 'sign', 'signing', 'hmac', 'encrypt', 'encryption', 'session', 'cookie')));
/** A package file that may hold a key sink (KEY_SINKS, a `jwt.Keyfunc`), case aside. */
const KEY_SINK_TEXT = /jwt|sessions|securecookie|labstack\/echo|crypto\/(?:hmac|aes|des)|gorilla\/csrf|SignedString/i;

const rule: Rule = {
  meta: {
    id: 'config/hardcoded-secret',
    factor: 'config',
    severity: 'error',
    languages: ['go', 'compose', 'yaml', 'json', 'ini', 'toml', 'properties'],
    summary: 'A secret is written in the code',
    literal: true,
    runsOnTests: true,
    testTextHint: PROVIDER_SECRET_HINT,
    // In Go: a secret-like name, a provider's key format, or a key sink in the package, which a
    // constant of this file may reach. Deploy config (a Secret's base64 data among it) is not filtered.
    textHint: [
      { languages: ['go'], file: SECRET_NAME },
      { languages: ['go'], file: QUALIFIED_KEY },
      { languages: ['go'], package: KEY_SINK_TEXT },
    ],
  },
  check(ctx) {
    if (ctx.language !== 'go') return structuredSecrets(ctx);
    const { go } = ctx;
    if (!go) return [];
    const out: FindingDraft[] = [];
    let keyLiterals: Map<number, KeyUse> | undefined;
    const packageFiles = ctx.workspace.packageLookup(go);
    const keys = (): Map<number, KeyUse> => (keyLiterals ??= literalsReaching(go, packageFiles, keyArgumentsIn, KEY_SINK_WORDS));
    for (const { node, value } of go.literals) {
      // Judge the value before its place in the tree: most literals (messages, formats, names) cannot be secrets.
      const { provider, secretLike } = valueFacts(node);
      const couldBeSecret = !ctx.isTest && secretLike;
      const message =
        (provider ? providerKeyMessage(go, node, provider) : undefined) ??
        (couldBeSecret ? namedSecretMessage(go, node) ?? keyMessage(node, value, keys().get(node.startIndex)) : undefined);
      if (message) out.push({ range: go.range(node), literalOffset: node.startIndex, message: message.text, data: { envVar: message.envVar } });
    }
    for (const tagDefault of structTagDefaults(go)) {
      const message = tagDefaultMessage(tagDefault, ctx.isTest);
      if (message) out.push({ range: tagDefault.range, literalOffset: tagDefault.tag.startIndex, message: message.text, data: { envVar: message.envVar } });
    }
    return out;
  },
};

export default rule;

interface Message {
  text: string;
  envVar: string;
}

/** What a literal's value alone tells: a provider's key format, or a value a secret could have (kept across edits). */
const valueFacts = editedSubtreeFact((literal) => {
  const value = stringValue(literal);
  return { provider: providerSecret(value), secretLike: !isTemplate(value) && looksLikeSecretValue(value.trim().replace(/\s+/g, '-')) };
});

function providerKeyMessage(go: GoFile, literal: Node, key: ProviderSecret): Message {
  const site = go.siteOf(literal);
  const named = site.kind === 'assign' || site.kind === 'field' || site.kind === 'map-key-value';
  return providerMessage(key, named ? suggestedEnvVar(go, literal, key.envVar) : key.envVar);
}

function providerMessage(key: ProviderSecret, envVar: string): Message {
  return { text: `${key.provider} is hardcoded (${key.redacted}); revoke it and read it from config (${envVar})`, envVar };
}

/** A literal assigned or passed to a secret-like name: `jwtSecret := "…"`, `Password: "…"`, `os.Setenv("API_TOKEN", "…")`. */
function namedSecretMessage(go: GoFile, literal: Node): Message | undefined {
  const name = secretName(go, literal);
  if (!name) return undefined;
  const envVar = go.siteOf(literal).kind === 'assign' ? suggestedEnvVar(go, literal, envVarName(name)) : envVarName(name);
  return { text: `secret "${name}" is hardcoded; read it from config (${envVar})`, envVar };
}

/** The secret-like name a literal's value is given to, when the value could be a credential under it (kept across edits). */
const secretName = editedDeclarationFact((go, literal): string | undefined => {
  const name = receivingName(go, literal);
  if (!name) return undefined;
  const value = stringValue(literal);
  // A []byte conversion makes the literal key material even when it reads like a phrase ("my secret key"),
  // and so do symbols no sentence has ("A String Very Niubilty!!@##$4"): a passphrase, not a message.
  const judged = isByteSlice(literal) || isPassphrase(value) ? value.trim().replace(/\s+/g, '-') : value;
  // An argument paired with a key (`viper.SetDefault("signing_key", "…")`) is that key's value, never a key name.
  return isSecretUnder(name, judged, go.siteOf(literal).kind !== 'argument') ? name : undefined;
});

/** Words with symbols no prose uses (`@`, `#`, `$`…) and no word naming a secret: a passphrase. */
function isPassphrase(value: string): boolean {
  const v = value.trim();
  return /\s/.test(v) && /[@#$%^&*~+=<>|{}[\]\\]/.test(v) && !/pass|secret|token|key|pwd|auth/i.test(v) && v.split(/\s+/).length <= 8;
}

/** A struct-tag default (`envDefault:"…"`) of a secret-like field or env var, or in a provider's format. */
function tagDefaultMessage({ value, field, envVar }: TagDefault, isTest: boolean): Message | undefined {
  const name = envVar ?? field;
  const key = providerSecret(value);
  if (key) return providerMessage(key, envVarName(name));
  if (isTest || !(isSecretUnder(name, value, false) || isSecretUnder(field, value, false))) return undefined;
  return { text: `secret "${field}" has a hardcoded default; read it from config (${envVarName(name)}) and fail when it is missing`, envVar: envVarName(name) };
}

/** The name a literal's value is given to, whatever the construct. */
function receivingName(go: GoFile, literal: Node): string | undefined {
  const site = go.siteOf(literal);
  switch (site.kind) {
    case 'assign':
      // `const Token ContextKey = "…"`: a value of a key type names a key, it is no credential.
      return /(Key|Ctx|Context)(Type)?$/.test(site.nameNode.parent?.childForFieldName('type')?.text ?? '') ? undefined : site.name;
    case 'map-key-value':
      return site.key;
    case 'field': {
      if (site.name !== 'Key') return site.name;
      // `jwtware.SigningKey{Key: …}`, `jwt.GinJWTMiddleware{Key: …}`: the type says what the key is for.
      const typeName = site.composite.childForFieldName('type')?.text.split('.').pop() ?? '';
      return typeName.endsWith('Key') ? typeName : `${typeName}Key`;
    }
    case 'argument': {
      const call = callInfo(site.call);
      const known = CREDENTIAL_PARAMETERS.find((k) => k.name === call.name && (!k.importPath || k.importPath.test(go.importOf(call.receiver) ?? '')));
      if (known) return known.params[site.index];
      const key = argumentKey(site.call, site.index);
      if (key !== undefined && isKeyValueCall(call.name)) return key;
      // `cmp.Or(os.Getenv("JWT_SECRET"), "…")`: a default is named by the env var it stands in for.
      const envVar = DEFAULT_CALL.test(call.name) ? call.args.map(envVarRead).find(Boolean) : undefined;
      return envVar ?? setterName(call);
    }
    case 'return': {
      if (!isFirstReturned(literal)) return undefined;
      const fn = enclosingFunction(literal);
      return fn && fn.type !== 'func_literal' ? functionName(fn) : undefined;
    }
    default:
      return elidedFieldName(literal);
  }
}

/** The field a value is given in a composite whose type is elided: `[]user{{Password: "…"}}`. */
function elidedFieldName(literal: Node): string | undefined {
  const { node, parent } = valueParent(literal);
  if (parent?.type !== 'keyed_element' || parent.namedChildren[1]?.id !== node.id) return undefined;
  const keyElement = parent.namedChildren[0];
  const key = keyElement?.type === 'literal_element' ? keyElement.namedChildren[0] : keyElement;
  return key?.type === 'identifier' || key?.type === 'field_identifier' ? key.text : undefined;
}

/** Calls that return their first non-empty argument: `cmp.Or`, `firstNonEmpty`, `withDefault`. */
const DEFAULT_CALL = /^(Or|coalesce|firstNonEmpty|firstNonBlank|nonEmpty)$|default|fallback/i;

/** Calls that pair a key with a value: setters, env/config reads with a default, flag definitions. */
function isKeyValueCall(name: string): boolean {
  return /^(set|add|put|store|with|string|must|get|lookup)/i.test(name) || /env|default|fallback/i.test(name) || /Or([A-Z]|$)/.test(name);
}

/** Library calls whose parameters take credentials, by parameter name. */
const CREDENTIAL_PARAMETERS: { name: string; importPath?: RegExp; params: string[] }[] = [
  { name: 'SetBasicAuth', params: ['username', 'basicAuthPassword'] },
  { name: 'PlainAuth', importPath: /^net\/smtp$/, params: ['identity', 'username', 'smtpPassword', 'host'] },
  { name: 'CRAMMD5Auth', importPath: /^net\/smtp$/, params: ['username', 'smtpSecret'] },
  { name: 'NewDialer', importPath: /gomail/, params: ['host', 'port', 'username', 'smtpPassword'] },
  { name: 'NewStaticCredentials', importPath: /aws/, params: ['accessKeyID', 'awsSecretAccessKey', 'awsSessionToken'] },
  { name: 'NewStaticCredentialsProvider', importPath: /aws/, params: ['accessKeyID', 'awsSecretAccessKey', 'awsSessionToken'] },
  { name: 'NewStore', importPath: /gin-contrib\/sessions\/redis/, params: ['size', 'network', 'address', 'redisPassword'] },
  { name: 'NewStoreWithDB', importPath: /gin-contrib\/sessions\/redis/, params: ['size', 'network', 'address', 'redisPassword'] },
];

/**
 * What a one-argument setter sets: `SetAuthToken("…")`, `option.WithAPIKey("…")`. (The parameters of
 * the app's own functions are not followed: `hasToken(header, "close")` names a protocol token.)
 */
function setterName(call: CallInfo): string | undefined {
  const setter = /^(Set|With)([A-Z]\w*)$/.exec(call.name);
  return setter && call.args.length === 1 ? setter[2] : undefined;
}

interface KeySink {
  name: string;
  /** Import path of the call's qualifier; none for methods (`token.SignedString`). */
  importPath?: RegExp;
  /** Argument positions that take the key; all when absent. */
  args?: number[];
  /** Only `[]byte` arguments are keys (the other parameters are sizes, addresses, paths). */
  bytesOnly?: boolean;
  what: string;
  envVar: string;
}

const SESSION_KEY = { what: 'session key', envVar: 'SESSION_SECRET' };
const JWT_KEY = { what: 'JWT signing key', envVar: 'JWT_SECRET' };
/** What a `jwt.Keyfunc` returns first is the verification key. */
const JWT_KEY_FUNC: KeySink = { name: 'Keyfunc', ...JWT_KEY };

/** Calls that take signing, session or encryption keys. */
const KEY_SINKS: KeySink[] = [
  { name: 'NewCookieStore', importPath: /sessions/, ...SESSION_KEY },
  { name: 'NewFilesystemStore', importPath: /sessions/, bytesOnly: true, ...SESSION_KEY },
  { name: 'NewStore', importPath: /sessions/, bytesOnly: true, ...SESSION_KEY },
  { name: 'NewStoreWithDB', importPath: /sessions/, bytesOnly: true, ...SESSION_KEY },
  { name: 'New', importPath: /securecookie$/, what: 'cookie key', envVar: 'COOKIE_SECRET' },
  { name: 'SignedString', args: [0], ...JWT_KEY },
  { name: 'New', importPath: /jwtauth/, args: [1, 2], ...JWT_KEY },
  { name: 'JWT', importPath: /labstack\/echo.*\/middleware$/, args: [0], ...JWT_KEY },
  { name: 'New', importPath: /^crypto\/hmac$/, args: [1], what: 'HMAC key', envVar: 'HMAC_KEY' },
  { name: 'Protect', importPath: /gorilla\/csrf$/, args: [0], what: 'CSRF key', envVar: 'CSRF_KEY' },
  { name: 'NewCipher', importPath: /^crypto\/(aes|des)$/, args: [0], what: 'encryption key', envVar: 'ENCRYPTION_KEY' },
];

/**
 * A literal that reaches a key-taking argument, in place or through one variable or constant:
 * `sessions.NewCookieStore([]byte("…"))`, `key := "…"; sessions.NewCookieStore([]byte(key))`.
 */
function keyMessage(literal: Node, value: string, use: KeyUse | undefined): Message | undefined {
  // A value that signs or encrypts is key material even when it repeats its variable's name
  // (`jwtSecret = []byte("!!SECRET!!")`): only a placeholder as such (`CHANGE_ME`) is left alone.
  if (!use || isTemplate(value) || value.trim().length < 3 || isPlaceholder(value)) return undefined;
  if (use.sink.bytesOnly && !use.converted && !isByteSlice(literal)) return undefined;
  return { text: `${use.sink.what} is hardcoded; read it from config (${use.sink.envVar})`, envVar: use.sink.envVar };
}

/** A key-taking argument: the sink, and whether the argument is a `[]byte(…)` conversion. */
interface KeyUse {
  sink: KeySink;
  converted: boolean;
}

/** Words in every file that holds a key sink: the sinks' packages, or the JWT method. */
const KEY_SINK_WORDS = ['sessions', 'securecookie', 'jwt', 'echo', 'crypto/hmac', 'csrf', 'crypto/aes', 'crypto/des', 'SignedString'];

/** The arguments of `file` that take keys, and what `jwt.Keyfunc`s return first. */
function keyArgumentsIn(file: GoFile): { value: Node; sink: KeyUse }[] {
  const out: { value: Node; sink: KeyUse }[] = [];
  // Every sink is a method named in the text or a function of a recognised import: skip files with neither.
  const imports = [...file.imports.values()];
  const mayHaveSinks = imports.some((p) => /jwt/i.test(p) || KEY_SINKS.some((s) => s.importPath?.test(p))) || file.text.includes('SignedString');
  if (!mayHaveSinks) return out;
  for (const call of file.calls) {
    const sink = KEY_SINKS.find((s) => s.name === call.name && (!s.importPath || s.importPath.test(file.importOf(call.receiver) ?? '')));
    call.args.forEach((arg, index) => {
      if (sink && (!sink.args || sink.args.includes(index))) out.push({ value: arg, sink: { sink, converted: convertedValue(arg).id !== arg.id } });
    });
  }
  for (const fn of descendants(file.root, ['func_literal', 'function_declaration', 'method_declaration'])) {
    if (!fn || !isJwtKeyFunc(file, fn)) continue;
    for (const ret of descendants(fn, 'return_statement')) {
      const first = ret?.namedChildren[0]?.namedChildren[0];
      if (first && ret && enclosingFunction(ret)?.id === fn.id) out.push({ value: first, sink: { sink: JWT_KEY_FUNC, converted: convertedValue(first).id !== first.id } });
    }
  }
  return out;
}

/** A `jwt.Keyfunc`: `func(token *jwt.Token) (interface{}, error)`; what it returns first is the verification key. */
function isJwtKeyFunc(file: GoFile, fn: Node): boolean {
  if (!/^\((interface\{\}|any),error\)$/.test(fn.childForFieldName('result')?.text.replace(/\s+/g, '') ?? '')) return false;
  return parameterTypes(fn).some((type) => {
    const qualified = /^\*(\w+)\.Token$/.exec(type);
    return !!qualified && /jwt/i.test(file.importOf(qualified[1]) ?? '');
  });
}

function isFirstReturned(node: Node): boolean {
  const { node: value, parent } = valueParent(node);
  return parent?.type === 'expression_list' && parent.parent?.type === 'return_statement' && parent.namedChildren[0]?.id === value.id;
}

/** `[]byte("…")`: key material. */
function isByteSlice(node: Node): boolean {
  const wrapped = valueParent(node).node;
  return wrapped.id !== node.id && /^\(*\[\]byte\s*\(/.test(wrapped.text);
}
