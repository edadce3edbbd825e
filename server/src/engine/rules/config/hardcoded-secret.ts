// Secrets written in the code: values under secret-like names, literal signing/session keys, and
// anything in a provider's key format (that last one in test code too: a real key leaks from a test).
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import {
  argumentKey,
  callInfo,
  enclosingFunction,
  type CallInfo,
  functionName,
  identifiersNamed,
  parameterNames,
  parameterTypes,
  valueParent,
  type GoFile,
} from '../../languages/go';
import type { Rule, RuleContext } from '../../rule';
import type { FindingDraft } from '../../types';
import {
  envVarName,
  isPlaceholder,
  isSecretName,
  isTemplate,
  looksLikeSecretValue,
  providerSecret,
  splitWords,
} from '../../util/literals';
import { suggestedEnvVar } from '../literal-names';

const rule: Rule = {
  meta: {
    id: 'config/hardcoded-secret',
    factor: 'config',
    severity: 'error',
    languages: ['go'],
    summary: 'A secret is written in the code',
    literal: true,
    runsOnTests: true,
  },
  check(ctx) {
    const { go } = ctx;
    if (!go) return [];
    const out: FindingDraft[] = [];
    for (const { node, value } of go.literals) {
      const message = providerKeyMessage(go, node, value) ?? (ctx.isTest ? undefined : namedSecretMessage(ctx, go, node, value) ?? keyMessage(ctx, go, node, value));
      if (message) out.push({ range: go.range(node), literalOffset: node.startIndex, message: message.text, data: { envVar: message.envVar } });
    }
    return out;
  },
};

export default rule;

interface Message {
  text: string;
  envVar: string;
}

function providerKeyMessage(go: GoFile, literal: Node, value: string): Message | undefined {
  const key = providerSecret(value);
  if (!key) return undefined;
  const site = go.siteOf(literal);
  const named = site.kind === 'assign' || site.kind === 'field' || site.kind === 'map-key-value';
  const envVar = named ? suggestedEnvVar(go, literal, key.envVar) : key.envVar;
  return { text: `${key.provider} is hardcoded (${key.redacted}); revoke it and read it from config (${envVar})`, envVar };
}

/** A literal assigned or passed to a secret-like name: `jwtSecret := "…"`, `Password: "…"`, `os.Setenv("API_TOKEN", "…")`. */
function namedSecretMessage(ctx: RuleContext, go: GoFile, literal: Node, value: string): Message | undefined {
  const name = receivingName(ctx, go, literal);
  if (!name || !isSecretName(name)) return undefined;
  if (isPlaceholder(value, name) || isTemplate(value) || isLookupKey(name, value)) return undefined;
  // A []byte conversion makes the literal key material even when it reads like a phrase ("my secret key").
  if (!looksLikeSecretValue(value) && !(isByteSlice(literal) && value.trim().length >= 3)) return undefined;
  const envVar = envVarName(name);
  return { text: `secret "${name}" is hardcoded; read it from config (${envVar})`, envVar };
}

/** The name a literal's value is given to, whatever the construct. */
function receivingName(ctx: RuleContext, go: GoFile, literal: Node): string | undefined {
  const site = go.siteOf(literal);
  switch (site.kind) {
    case 'assign':
      return site.name;
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
      return parameterName(ctx, call, site.index);
    }
    case 'return': {
      if (!isFirstReturned(literal)) return undefined;
      const fn = enclosingFunction(literal);
      return fn && fn.type !== 'func_literal' ? functionName(fn) : undefined;
    }
    default:
      return undefined;
  }
}

/** Calls that pair a key with a value: setters, env/config reads with a default, flag definitions. */
function isKeyValueCall(name: string): boolean {
  return /^(set|add|put|store|with|string|must|get|lookup)/i.test(name) || /env|default|fallback/i.test(name) || /Or([A-Z]|$)/.test(name);
}

/** Library calls whose parameters take credentials, by parameter name. */
const CREDENTIAL_PARAMETERS: { name: string; importPath?: RegExp; params: string[] }[] = [
  { name: 'SetBasicAuth', params: ['username', 'password'] },
  { name: 'PlainAuth', importPath: /^net\/smtp$/, params: ['identity', 'username', 'password', 'host'] },
  { name: 'CRAMMD5Auth', importPath: /^net\/smtp$/, params: ['username', 'secret'] },
  { name: 'NewDialer', importPath: /gomail/, params: ['host', 'port', 'username', 'password'] },
  { name: 'NewStaticCredentials', importPath: /aws/, params: ['id', 'secret', 'token'] },
  { name: 'NewStaticCredentialsProvider', importPath: /aws/, params: ['key', 'secret', 'session'] },
  { name: 'NewStore', importPath: /gin-contrib\/sessions\/redis/, params: ['size', 'network', 'address', 'password'] },
];

/** The parameter an argument is passed to: a one-argument setter's (`SetAuthToken("…")`, `option.WithAPIKey("…")`) or a same-package function's. */
function parameterName(ctx: RuleContext, call: CallInfo, index: number): string | undefined {
  const setter = /^(Set|With)([A-Z]\w*)$/.exec(call.name);
  if (setter && call.args.length === 1) return setter[2];
  if (call.receiver !== '') return undefined;
  for (const file of ctx.workspace.packageFiles(path.dirname(ctx.path))) {
    const fn = file.root.namedChildren.find((n) => n?.type === 'function_declaration' && functionName(n) === call.name);
    if (fn) return parameterNames(fn)[index] || undefined;
  }
  return undefined;
}

/** `tokenKey = "auth_token"`, `SessionKey = "user_session"`: the name of a key to look something up by. */
function isLookupKey(name: string, value: string): boolean {
  const words = splitWords(name);
  const last = words[words.length - 1];
  if ((last !== 'key' && last !== 'keys') || !/^[A-Za-z][A-Za-z_.:-]*$/.test(value)) return false;
  const subject = new Set(words.filter((w) => w !== 'key' && w !== 'keys'));
  return splitWords(value).some((w) => subject.has(w));
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

/** A literal used as a key, in place or through one variable or constant: `key := "…"; sessions.NewCookieStore([]byte(key))`. */
function keyMessage(ctx: RuleContext, go: GoFile, literal: Node, value: string): Message | undefined {
  if (isPlaceholder(value) || isTemplate(value) || value.trim().length < 3) return undefined;
  const literalIsBytes = isByteSlice(literal);
  let sink = keySinkOf(go, literal, literalIsBytes);
  const site = go.siteOf(literal);
  if (!sink && site.kind === 'assign') {
    for (const { file, use } of usesOf(ctx, go, literal, site.name, site.packageLevel)) {
      sink = keySinkOf(file, use, literalIsBytes || isByteSlice(use));
      if (sink) break;
    }
  }
  if (!sink) return undefined;
  return { text: `${sink.what} is hardcoded; read it from config (${sink.envVar})`, envVar: sink.envVar };
}

/** Where a variable holding the literal is read: its function, or for package-level names the whole package. */
function usesOf(ctx: RuleContext, go: GoFile, literal: Node, name: string, packageLevel: boolean): { file: GoFile; use: Node }[] {
  const scope = packageLevel ? go.root : enclosingFunction(literal) ?? go.root;
  const files = packageLevel ? [go, ...ctx.workspace.packageFiles(path.dirname(ctx.path)).filter((f) => f.path !== go.path)] : [go];
  return files.flatMap((file) =>
    identifiersNamed(file === go ? scope : file.root, name)
      .filter((use) => !isDefinition(use))
      .map((use) => ({ file, use })),
  );
}

function isDefinition(ident: Node): boolean {
  const parent = ident.parent;
  if (parent?.type === 'var_spec' || parent?.type === 'const_spec') return true;
  const holder = parent?.type === 'expression_list' ? parent.parent : undefined;
  return !!holder && (holder.type === 'assignment_statement' || holder.type === 'short_var_declaration') && holder.childForFieldName('left')?.id === parent?.id;
}

function keySinkOf(file: GoFile, value: Node, isBytes: boolean): { what: string; envVar: string } | undefined {
  const site = file.siteOf(value);
  if (site.kind === 'return') {
    const fn = enclosingFunction(value);
    return fn && isFirstReturned(value) && isJwtKeyFunc(file, fn) ? JWT_KEY : undefined;
  }
  if (site.kind !== 'argument') return undefined;
  const call = callInfo(site.call);
  return KEY_SINKS.find(
    (sink) =>
      sink.name === call.name &&
      (!sink.importPath || sink.importPath.test(file.importOf(call.receiver) ?? '')) &&
      (!sink.args || sink.args.includes(site.index)) &&
      (!sink.bytesOnly || isBytes),
  );
}

/** A `jwt.Keyfunc`: `func(token *jwt.Token) (interface{}, error)`; what it returns first is the verification key. */
function isJwtKeyFunc(file: GoFile, fn: Node): boolean {
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
