// Judging string values: placeholders, secret-like names, credentials in URLs, connection strings,
// provider key formats, addresses. Language-independent: every language's rules use these.

/** Words of an identifier or key: `dbPassword` → [db, password], `JWT_SIGNING_KEY` → [jwt, signing, key]. */
export function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** `databaseURL` → `DATABASE_URL`; `DatabaseURL` → `DATABASE_URL`. */
export function envVarName(name: string): string {
  const words = splitWords(name);
  // `defaultDatabaseURL` is the default of DATABASE_URL: the variable is named for what it holds.
  if (words.length > 1 && (words[0] === 'default' || words[0] === 'fallback')) words.shift();
  return words.join('_').toUpperCase();
}

const PLACEHOLDER_WORDS = new Set([
  'changeme', 'change-me', 'change_me', 'changeit', 'example', 'dummy', 'test', 'testing', 'placeholder', 'todo', 'tbd',
  'fixme', 'none', 'null', 'nil', 'undefined', 'redacted', 'your-api-key', 'your_api_key', 'yourapikey', 'sample', 'fake', 'mock',
]);

/**
 * True for values that stand in for a real one: empty, `changeme`, `xxx`, `<...>`, `${...}`,
 * `{{...}}`, `your-…`, `example`, only `*`/`x`/`0`, or a value equal to (a word of) its key name.
 */
export function isPlaceholder(value: string, keyName?: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  const lower = v.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower)) return true;
  if (/^[*x0.•-]+$/i.test(v)) return true;
  if (/^<[^<>]*>$/.test(v) || /^\$\{[^}]*\}$/.test(v) || /^\{\{.*\}\}$/.test(v) || /^\$[A-Z_][A-Z0-9_]*$/.test(v)) return true;
  if (/^%[sv]$/.test(v) || /^\{\}$/.test(v)) return true;
  // `your-api-key` asks to be replaced; `my-secret-key` is what the app runs with.
  if (/^your[-_ ]?[a-z_-]*$/i.test(v) && /(key|secret|token|password|pass|here)/i.test(v)) return true;
  if (/(^|[^a-z])(example|dummy|placeholder|changeme|change[-_]me|replace[-_]?me|insert[-_]|redacted)/i.test(v)) return true;
  if (/(^|[^a-z])change[-_ ]?(this|it)([^a-z]|$)/i.test(v)) return true; // `change-this-in-production`
  if (/[a-z][-_ ](goes[-_ ])?here$/i.test(v)) return true; // `secure_password_here`, `api-key-goes-here`
  if (/(^|[^a-z])(test|fake|mock|sample|dummy)([^a-z]|$)/i.test(v)) return true; // `test-token`, `fake_secret`
  if (/x{4,}/i.test(v) && /^[x\-_.*0-9a-z]*$/i.test(v) && (v.match(/x/gi)?.length ?? 0) * 2 >= v.length) return true;
  if (keyName) {
    const normalized = lower.replace(/[^a-z0-9]/g, '');
    const keyNormalized = keyName.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (normalized === keyNormalized) return true;
    // `authToken` under `AuthTokenKey`, `jwt-secret` under `JWT_SECRET`: the key's own words, not a value.
    const keyWords = new Set(splitWords(keyName));
    const valueWords = splitWords(v);
    if (valueWords.length > 0 && valueWords.every((w) => keyWords.has(w))) return true;
  }
  return false;
}

/** A value that is a template to be filled (`%s`, `{}`, `${X}`, `{{x}}`, `:name` style is not counted). */
export function isTemplate(value: string): boolean {
  return /%[-+# 0-9.]*[svdqx]/.test(value) || /\{\}|\{[0-9]+\}|\$\{[^}]*\}|\{\{[^}]*\}\}|\{[a-z_]+\}/i.test(value);
}

// Not `credentials`: `"credentials": "same-origin"`, `credentials: "include"` configure fetch, not a secret.
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'secret', 'token', 'auth', 'apikey', 'passphrase']);
const SECRET_PAIRS: [string, string][] = [
  ['api', 'key'], ['access', 'key'], ['private', 'key'], ['client', 'secret'], ['secret', 'key'],
];
const KEY_QUALIFIERS = new Set(['jwt', 'sign', 'signing', 'hmac', 'encrypt', 'encryption', 'session', 'cookie']);
/**
 * Last words that make a secret-like name describe something else: `tokenURL`, `passwordField`,
 * `secretName` (a Kubernetes Secret's name), `authHeader`, `PASSWORD_ENV`.
 */
const DESCRIPTOR_WORDS = new Set([
  'url', 'uri', 'urls', 'endpoint', 'path', 'file', 'filename', 'dir', 'host', 'port', 'addr', 'address', 'name', 'names', 'header', 'type',
  'field', 'param', 'params', 'env', 'var', 'variable', 'prefix', 'suffix', 'id', 'ids', 'kind', 'length', 'len', 'size', 'count',
  'regex', 'regexp', 'pattern', 'format', 'mode', 'method', 'scheme', 'label', 'prompt', 'message', 'msg', 'error', 'err', 'text',
  'title', 'description', 'desc', 'template', 'ttl', 'expiry', 'expires', 'expiration', 'duration', 'timeout', 'provider', 'policy',
  'style', 'placeholder', 'hint', 'help', 'usage', 'flag', 'option', 'opt', 'column', 'col', 'table', 'query', 'route', 'location',
  'ref', 'version', 'algorithm', 'alg', 'store', 'source', 'src', 'location', 'min', 'max', 'required', 'enabled', 'disabled',
  'issuer', 'audience', 'claim', 'claims', 'scope', 'scopes', 'state', 'status', 'event', 'action', 'hash', 'index', 'idx',
  'page', 'view', 'link', 'email', 'subject', 'body', 'topic', 'queue', 'channel', 'bucket', 'cookie', 'cookies', 'at', 'date',
  'time', 'interval', 'age', 'lifetime', 'schema', 'validation', 'validator', 'rule', 'rules', 'input', 'form', 'button', 'icon',
  'handler', 'func', 'fn', 'callback', 'service', 'svc', 'server', 'domain', 'realm', 'namespace', 'ns', 'context', 'ctx', 'user',
  'username', 'config', 'cfg', 'setting', 'settings', 'reset', 'strength', 'char', 'chars', 'charset', 'alphabet', 'limit',
  'expire', 'expired', 'exp', 'refresh', 'rotate', 'rotation', 'issued', 'lifespan', 'validity', 'window', 'delay', 'retry',
  'retries', 'attempts', 'threshold', 'enable', 'disable', 'algo', 'cost', 'rounds', 'hasher', 'encoder', 'encoding', 'cache',
]);

/** First words that make a name an error, a code or a text about a secret: `ErrInvalidToken`, `msgPasswordTooShort`. */
const TEXT_PREFIXES = new Set([
  'err', 'error', 'errors', 'msg', 'message', 'label', 'text', 'title', 'desc', 'description', 'help', 'usage', 'hint', 'code', 'reason',
]);

const AUTH_CREDENTIAL_TAILS = new Set(['key', 'keys', 'creds', 'credential', 'credentials', 'string', 'str', 'data', 'value']);

/** True for a name or key that holds a credential: `password`, `apiKey`, `jwtKey`, `client_secret`, `authToken`. */
export function isSecretName(name: string): boolean {
  const words = splitWords(name);
  if (words.length === 0 || TEXT_PREFIXES.has(words[0])) return false;
  const last = words[words.length - 1];
  let secretEnd = -1; // index of the last word that makes the name secret-like
  words.forEach((w, i) => {
    if (SECRET_WORDS.has(w)) secretEnd = i;
    if (SECRET_PAIRS.some(([a, b]) => words[i - 1] === a && w === b)) secretEnd = i;
  });
  if ((last === 'key' || last === 'keys') && words.some((w) => KEY_QUALIFIERS.has(w))) secretEnd = words.length - 1;
  if (last === 'pass' && words.length > 1) secretEnd = words.length - 1; // `dbPass`, `SMTP_PASS` (alone, `pass` is rarely a password)
  // After `auth`, only a credential word keeps the name a secret: `authKey` is one, `AUTH_ANONYMOUS_ORG_ROLE` a setting.
  if (words[secretEnd] === 'auth' && words.slice(secretEnd + 1).some((w) => !AUTH_CREDENTIAL_TAILS.has(w))) return false;
  // A descriptor after the secret word names something about the secret: `authHeaderKey`, `tokenExpiryKey`.
  return secretEnd !== -1 && !words.slice(secretEnd + 1).some((w) => DESCRIPTOR_WORDS.has(w));
}

/**
 * Whether a literal found under a secret-like name looks like a value a credential could be:
 * no whitespace, not an env var name, not a path or URL, not a message.
 */
export function looksLikeSecretValue(value: string): boolean {
  const v = value.trim();
  if (v.length < 3) return false;
  if (/\s/.test(v)) return false;
  if (/[\x00-\x1f]/.test(v)) return false; // binary data, an OID with its NUL
  if (/^\$(2[aby]?|argon2(id?|d)|scrypt|pbkdf2[-\w]*)\$/.test(v)) return false; // a password hash, not the password
  if (/^\d+(\.\d+)+$/.test(v)) return false; // a version, an IP, an OID
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(v)) return false; // an env var name
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return false; // a URL: credential-in-url judges it
  if (/^(\.{0,2}\/|~\/)/.test(v) || /^[a-z]:\\/i.test(v)) return false; // a path
  if (/^[a-z-]+\/[a-z0-9.+-]+$/i.test(v) && !/[0-9]/.test(v)) return false; // a MIME type or route
  if (AUTH_SCHEMES.test(v)) return false;
  if (/^(true|false|yes|no|on|off|required|optional|none|enabled|disabled)$/i.test(v)) return false;
  if (/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d))+$/.test(v)) return false; // a duration
  if (/^(Authorization|Cookie)$/.test(v) || /^[A-Z][A-Za-z]*(-[A-Z][A-Za-z]*)+$/.test(v)) return false; // an HTTP header name
  if (/^[\w.-]+\.(html?|tmpl|tpl|gohtml|json|ya?ml|toml|ini|txt|pem|crt|cer|key|pub|p12|pfx|jks|env|conf|db|sqlite3?)$/i.test(v)) return false; // a file name
  if (/^[a-z][a-z_-]*(\.[a-z][a-z_-]*)+$/.test(v)) return false; // a dotted config key (`jwt.secret`) or host name
  if (/[=,]/.test(v) && /^[a-z_]+(=[^,=]*)?(,[a-z_]+(=[^,=]*)?)*$/.test(v)) return false; // a validation or option list (`required,min=8`)
  return true;
}

/**
 * Whether `value`, given to `name`, is a credential: a secret-like name and a value that is no
 * placeholder or text, nor — where `mayNameAKey` — the name of a key (`tokenKey = "auth_token"`).
 */
export function isSecretUnder(name: string, value: string, mayNameAKey: boolean): boolean {
  if (!isSecretName(name) || isPlaceholder(value, name) || isTemplate(value) || (mayNameAKey && isLookupKey(name, value))) return false;
  // `auth` alone often selects a mechanism (`Auth: "ldap"`): there only a value that is no plain word is a credential.
  if (/^[a-z]+$/.test(value) && !isSecretName(splitWords(name).filter((w) => w !== 'auth').join('_'))) return false;
  return looksLikeSecretValue(value);
}

/** `tokenKey = "auth_token"`, `SessionKey = "user_session"`: the name of a key to look something up by. */
function isLookupKey(name: string, value: string): boolean {
  const words = splitWords(name);
  const last = words[words.length - 1];
  if ((last !== 'key' && last !== 'keys') || !/^[A-Za-z][A-Za-z_.:-]*$/.test(value)) return false;
  const singular = (w: string): string => w.replace(/s$/, '');
  const subject = new Set(words.filter((w) => w !== 'key' && w !== 'keys').map(singular));
  return splitWords(value).some((w) => subject.has(singular(w)));
}

/** Names of auth schemes and methods, values of `auth`/`authMethod`-like names that are no credential. */
const AUTH_SCHEMES = /^(bearer|basic|token|digest|plain|login|oauth2?|jwt|hmac|ntlm|negotiate|kerberos|cram-md5|scram-sha-(1|256)|md5|trust|peer|api[-_]?key|session|header|query)$/i;

export interface ProviderSecret {
  provider: string;
  /** The value cut to its format prefix: `AKIA****`. */
  redacted: string;
  /** Env var such a key is conventionally read from. */
  envVar: string;
}

/** Provider, format (its first group is the prefix shown redacted), conventional env var. */
const PROVIDER_FORMATS: [string, RegExp, string][] = [
  ['AWS access key', /^(AKIA|ASIA)[0-9A-Z]{16}$/, 'AWS_ACCESS_KEY_ID'],
  ['GitHub token', /^((?:ghp|gho|ghu|ghs|ghr)_)[A-Za-z0-9]{36}$/, 'GITHUB_TOKEN'],
  ['GitHub token', /^(github_pat_)[A-Za-z0-9_]{22,}$/, 'GITHUB_TOKEN'],
  ['Slack token', /^(xox[baprs]-)[0-9A-Za-z-]{10,}$/, 'SLACK_TOKEN'],
  ['Stripe live key', /^((?:sk|rk)_live_)[0-9a-zA-Z]{20,}$/, 'STRIPE_SECRET_KEY'],
  ['Google API key', /^(AIza)[0-9A-Za-z_-]{35}$/, 'GOOGLE_API_KEY'],
  ['private key', /(-----BEGIN ([A-Z]+ )?PRIVATE KEY( BLOCK)?-----)\s*[A-Za-z0-9+/=\s]{20,}/, 'PRIVATE_KEY'],
  ['JWT', /^(eyJ)[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$/, 'AUTH_TOKEN'],
];

/** Text that may hold a provider-format key: every format above starts with one of these. */
export const PROVIDER_SECRET_HINT = /AKIA|ASIA|gh[pousr]_|github_pat_|xox[baprs]-|[sr]k_live_|AIza|PRIVATE KEY|eyJ/;

/** jwt.io's sample token (`"sub": "1234567890", "name": "John Doe"`), pasted into docs and examples everywhere. */
const SAMPLE_JWT_PAYLOAD = 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi';

/** A literal in a provider's key format (a leak wherever it is, tests included). */
export function providerSecret(value: string): ProviderSecret | undefined {
  const v = value.trim();
  for (const [provider, pattern, envVar] of PROVIDER_FORMATS) {
    const match = pattern.exec(v);
    if (match) {
      if (/EXAMPLE|example|x{6,}|X{6,}/.test(v) || v.includes(SAMPLE_JWT_PAYLOAD)) return undefined;
      if (provider !== 'private key' && provider !== 'JWT' && lowEntropy(v)) return undefined;
      return { provider, redacted: `${match[1]}****`, envVar };
    }
  }
  return undefined;
}

/** Keys made of one repeated character or a trivial run (`AKIAAAAAAAAAAAAAAAAA`) are fakes. */
function lowEntropy(v: string): boolean {
  const body = v.replace(/^[A-Za-z]+_(live_|pat_)?|^AKIA|^ASIA|^AIza|^xox[a-z]-/, '');
  return new Set(body).size <= 3;
}

export interface CredentialUrl {
  /** The value with the password replaced by `****`. */
  redacted: string;
  user: string;
  scheme?: string;
}

const SECRET_PLACEHOLDER = (p: string): boolean => isPlaceholder(p, 'password') || isTemplate(p) || /^\*+$/.test(p) || /^[:$?]/.test(p);

/**
 * A URL or DSN with a password in it: `scheme://user:pass@host`, MySQL's `user:pass@tcp(host)/db`,
 * or a key=value DSN with `password=`/`pwd=`.
 */
export function credentialInUrl(value: string): CredentialUrl | undefined {
  const v = value.trim();
  if (/\s/.test(v) && !/(^|\s|;)(password|pwd)\s*=/i.test(v)) return undefined;
  const url = /^((?:jdbc:)?[a-z][a-z0-9+.-]*):\/\/([^\s/?#]*)@/i.exec(v);
  if (url) {
    const userinfo = url[2];
    const colon = userinfo.indexOf(':');
    if (colon === -1) return undefined;
    const user = userinfo.slice(0, colon);
    const password = userinfo.slice(colon + 1);
    if (SECRET_PLACEHOLDER(password)) return undefined;
    if (isExampleHost(v.slice(url[0].length))) return undefined;
    const start = url[1].length + 3 + colon + 1;
    return { redacted: v.slice(0, start) + '****' + v.slice(start + password.length), user, scheme: url[1].toLowerCase() };
  }
  // `jdbc:postgresql://db:5432/app?user=app&password=…`
  const query = /^((?:jdbc:)?[a-z][a-z0-9+.-]*):\/\/([^\s?#]*)\?(?:[^\s#]*&)?(?:password|pwd)=([^&#\s]+)/i.exec(v);
  if (query) {
    const password = query[3];
    if (SECRET_PLACEHOLDER(password) || isExampleHost(query[2])) return undefined;
    const start = query[0].length - password.length;
    const user = /[?&](?:user|username)=([^&#]*)/i.exec(v)?.[1] ?? '';
    return { redacted: v.slice(0, start) + '****' + v.slice(start + password.length), user, scheme: query[1].toLowerCase() };
  }
  const mysql = /^([^\s:@/()]+):([^\s@]+)@(tcp|unix|udp)?\(/.exec(v) ?? /^([^\s:@/()]+):([^\s@/]+)@\//.exec(v);
  if (mysql) {
    const [, user, password] = mysql;
    if (SECRET_PLACEHOLDER(password)) return undefined;
    const start = user.length + 1;
    return { redacted: v.slice(0, start) + '****' + v.slice(start + password.length), user, scheme: 'mysql' };
  }
  const kv = /(^|[\s;])(password|pwd)\s*=\s*('[^']*'|[^\s;]+)/i.exec(v);
  if (kv && /(^|[\s;])(host|server|data source|dbname|database|user|user id|uid|port|sslmode)\s*=/i.test(v)) {
    const raw = kv[3];
    const password = raw.replace(/^'|'$/g, '');
    if (SECRET_PLACEHOLDER(password)) return undefined;
    const start = kv.index + kv[0].length - raw.length;
    const userMatch = /(^|[\s;])(user|user id|uid|username)\s*=\s*([^\s;]+)/i.exec(v);
    return { redacted: v.slice(0, start) + '****' + v.slice(start + raw.length), user: userMatch?.[3] ?? '' };
  }
  return undefined;
}

/** A documentation host (`example.com`, `host`) at the start of `rest`, the part of a URL after `scheme://`. */
export function isExampleHost(rest: string): boolean {
  const host = rest.split(/[/:?#]/)[0].toLowerCase();
  return /(^|\.)example\.(com|org|net)$/.test(host) || host.endsWith('.example') || host === 'example' || host === 'host';
}

export interface BackingService {
  /** Human name: `PostgreSQL`, `Redis`. */
  service: string;
  /** Env var the value should come from. */
  envVar: string;
}

const SCHEMES: Record<string, BackingService> = {
  postgres: { service: 'PostgreSQL', envVar: 'DATABASE_URL' },
  postgresql: { service: 'PostgreSQL', envVar: 'DATABASE_URL' },
  mysql: { service: 'MySQL', envVar: 'DATABASE_URL' },
  mongodb: { service: 'MongoDB', envVar: 'MONGODB_URI' },
  'mongodb+srv': { service: 'MongoDB', envVar: 'MONGODB_URI' },
  redis: { service: 'Redis', envVar: 'REDIS_URL' },
  rediss: { service: 'Redis', envVar: 'REDIS_URL' },
  amqp: { service: 'AMQP broker', envVar: 'AMQP_URL' },
  amqps: { service: 'AMQP broker', envVar: 'AMQP_URL' },
  nats: { service: 'NATS', envVar: 'NATS_URL' },
  kafka: { service: 'Kafka', envVar: 'KAFKA_BROKERS' },
};

/**
 * A literal DSN of a backing service: `postgres://…`, `redis://…`, a key=value DSN
 * (`host=… dbname=…`) or MySQL's `user:pass@tcp(host:3306)/db`. Templates are not DSNs.
 */
export function connectionString(value: string): BackingService | undefined {
  const v = value.trim();
  if (isTemplate(v)) return undefined;
  const url = /^([a-z][a-z0-9+.-]*):\/\/(.+)$/i.exec(v);
  if (url) {
    const service = SCHEMES[url[1].toLowerCase()];
    if (!service || /\s/.test(v)) return undefined;
    const host = url[2].replace(/^[^@/]*@/, '').split(/[/?#]/)[0];
    if (!host && !/^[^/]*@?\/[^/]/.test(url[2])) return undefined;
    if (isExampleHost(host) || host.startsWith('$')) return undefined;
    return service;
  }
  if (/^([^\s:@/()]+)(:[^\s@]*)?@(tcp|unix|udp)\([^)]*\)\/\w*/.test(v)) return SCHEMES.mysql;
  // `host=db dbname=app`, not SQL (`host = ? AND port = $2`): no spaces around `=`, no bind parameters.
  const keys = new Set(Array.from(v.matchAll(/(?:^|\s)(host|hostaddr|dbname|user|port|sslmode|password)=[^\s$?:]/gi), (m) => m[1].toLowerCase()));
  if (keys.size >= 2 && (keys.has('host') || keys.has('hostaddr') || keys.has('dbname')) && /^\s*[a-z_]+=/i.test(v)) {
    return SCHEMES.postgres;
  }
  return undefined;
}

/** `host`, `host:port`, `[::1]:port`, or an absolute URL: a network address. */
export function looksLikeAddress(value: string): boolean {
  const v = value.trim();
  if (v === '' || /\s/.test(v) || isTemplate(v)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+/i.test(v)) return true;
  if (/^\[[0-9a-f:]+\](:\d{1,5})?$/i.test(v)) return true;
  if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i.test(v)) {
    // A bare word is only an address when it is a known local name or has a port or a dot.
    return /:\d+$/.test(v) || v.includes('.') || v === 'localhost';
  }
  return false;
}

/** A listen address or port: `:8080`, `0.0.0.0:8080`, `localhost:3000`, `8080`. */
export function listenPort(value: string): string | undefined {
  const v = value.trim();
  const m = /^(?:[a-z0-9.-]*|\[[0-9a-f:]*\]):(\d{1,5})$/i.exec(v) ?? /^(\d{2,5})$/.exec(v);
  if (!m) return undefined;
  const port = Number(m[1]);
  if (port === 0 || port > 65535) return undefined;
  return m[1];
}

/** A file path that names a log file: `app.log`, `/var/log/app/out.txt`, `logs/x.log`. */
export function isLogFilePath(value: string): boolean {
  const v = value.trim();
  if (/^\/dev\/(stdout|stderr)$/.test(v)) return false;
  return /\.log(\.\d+)?$/i.test(v) || /(^|\/)(var\/)?logs?\//i.test(v);
}
