// Code that branches on the deploy environment's name: production runs paths development never ran.
// The environment's name is read from an env var (`APP_ENV`, `GO_ENV`, `ENVIRONMENT`, `STAGE`, `*_ENV`),
// a config getter of such a key, or a config field or method named `Env`/`Environment`, directly or
// through variables; it is compared with a name such as "production" or "dev" (a literal or a constant).
// Reported on the comparison (the first one of a condition) or on the switch.
//
// Left alone: branches that only configure logging (a logger's level, format or development mode,
// `gin.SetMode`) or print something, as the catalog leaves reading the environment for a logger alone,
// or only load a local `.env` file (godotenv: where config comes from, not how the app behaves) — with
// their error handling;
// `gin.Mode()` comparisons (gin's debug switch, not the deploy environment); passing the name on
// without comparing it.
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { PackageView, type GoWorkspace } from '../../workspace';
import {
  LOG_PACKAGE_PATH,
  callInfo,
  definitionsOf,
  isStringLiteral,
  literalOrigins,
  literalSite,
  stringValue,
  usesOfVariable,
  valueParent,
  type GoFile,
} from '../../languages/go';
import { splitWords } from '../../util/literals';
import { quotedPath } from '../hint-patterns';

/** `ENV`, `APP_ENV`, `GO_ENV`, `ENVIRONMENT`, `APP_ENVIRONMENT`, `STAGE`, `DEPLOY_STAGE` (not a CI job's `CI_JOB_STAGE`). */
const ENV_VAR = /^([A-Z][A-Z0-9]*_)*(ENV|ENVIRONMENT)$|^((APP|DEPLOY|DEPLOYMENT|SERVERLESS|SERVICE)_)?STAGE$/;
/** Config keys read through a getter: `viper.GetString("env")`, `cfg.String("app.environment")`. */
const ENV_CONFIG_KEY = /^([a-z]+[._])?(env|environment)$/;
const CONFIG_GETTERS = new Set(['Get', 'GetString', 'String', 'MustString', 'Getenv', 'LookupEnv']);
/** Config fields holding the environment's name: `cfg.Env`, `c.App.Environment`, `s.appEnv`. */
const ENV_FIELD = /^(app|go|run|deploy|deployment|runtime|server|service)?_?(env|environment)$/i;
/** Methods returning it: `cfg.Env()`, `config.GetEnvironment()`. */
const ENV_METHOD = /^(Get)?(App)?(Env|Environment)$/;
const ENVIRONMENT_NAMES = new Set([
  'production', 'prod', 'development', 'develop', 'dev', 'staging', 'stage', 'stg', 'test', 'testing', 'local', 'qa', 'uat',
  'preprod', 'pre-prod', 'preproduction', 'pre-production', 'live', 'sandbox',
]);
/** Constants named for an environment, which may hold its name in another file: `EnvProduction`, `config.Staging`, `envProd`. */
const ENVIRONMENT_CONSTANT = /[A-Za-z_](Prod|Production|Development|Staging)\b|\b(Production|Development|Staging)[A-Z_]\w*/;
/** Text any definition of the environment's name contains. */
const MENTIONS_ENVIRONMENT = /env|stage/i;
/** Words of constants naming an environment: `EnvProduction`, `config.Dev`, `StagingEnv`. */
const ENVIRONMENT_WORDS = new Set(['production', 'prod', 'development', 'dev', 'staging', 'local', 'qa', 'uat', 'preprod', 'live']);
/** Calls that keep the value the same for a comparison. */
const STRING_WRAPPERS = /^strings\.(ToLower|ToUpper|TrimSpace|Trim)$/;
/** Names of what configures logging: a logger, its level or format. */
const LOGGING_WORDS = new Set(['log', 'logs', 'logger', 'loggers', 'logging', 'level', 'loglevel', 'verbosity', 'verbose', 'format', 'encoder', 'encoding']);
/** dotenv loaders: `godotenv.Load(".env.local")`. */
const DOTENV_PACKAGE = /(^|\/)(godotenv|gotenv|dotenv|go-dotenv)(\/|$)/;
/** Error values a branch may return while it only logs or loads config: `err`, `fmt.Errorf(…)`, `errors.New(…)`. */
const ERROR_VALUE = /^(err\w*|\w*Err|nil)$|^(fmt\.Errorf|errors\.(New|Wrap|Wrapf|Join))\(/;
const LOGGING_SETTERS = new Set(['SetLevel', 'SetFormatter', 'SetReportCaller', 'SetGlobalLevel', 'SetLogLevel', 'SetLogger', 'SetFlags', 'SetDefault', 'SetMode']);
const MAX_DEPTH = 3;

class EnvironmentFlow {
  private readonly pkg: PackageView;
  private environmentFiles?: GoFile[];

  constructor(readonly go: GoFile, private readonly workspace: GoWorkspace) {
    this.pkg = new PackageView(workspace, go);
  }

  /** What an expression reads the environment's name from (`APP_ENV`, `cfg.Env`), if it does. */
  source(expr: Node, depth = 0): string | undefined {
    const value = unwrap(expr);
    if (depth > MAX_DEPTH) return undefined;
    switch (value.type) {
      case 'call_expression': {
        const call = callInfo(value);
        const key = call.args[0] && isStringLiteral(call.args[0]) ? stringValue(call.args[0]) : undefined;
        if (key !== undefined && call.args.length <= 2) {
          // os.Getenv("APP_ENV"), getEnv("APP_ENV", "development"), viper.GetString("env")
          if (ENV_VAR.test(key) && (/env/i.test(call.name) || CONFIG_GETTERS.has(call.name))) return key;
          if (ENV_CONFIG_KEY.test(key) && CONFIG_GETTERS.has(call.name)) return key;
        }
        return call.args.length === 0 && call.receiver !== '' && ENV_METHOD.test(call.name) ? `${call.callee}()` : undefined;
      }
      case 'selector_expression': {
        const field = value.childForFieldName('field')?.text ?? '';
        return ENV_FIELD.test(field) ? value.text.replace(/\s+/g, '') : undefined;
      }
      case 'identifier':
        for (const defined of this.definedValues(value)) {
          const source = this.source(defined, depth + 1);
          if (source) return source;
        }
        return undefined;
      default:
        return undefined;
    }
  }

  /**
   * The values a name is given: locally, or at package level in the files of the package that can
   * define an environment's name (parsed only when a comparison asks).
   */
  private definedValues(ident: Node): Node[] {
    const local = definitionsOf(this.go, ident);
    if (local.length > 0) return local.flatMap((d) => (d.value ? [d.value] : []));
    const out: Node[] = [];
    for (const file of this.filesDefiningEnvironment()) {
      if (file === this.go || !file.text.includes(ident.text)) continue;
      for (const spec of file.root.descendantsOfType('var_spec')) {
        const declaration = spec?.parent?.type === 'var_declaration' ? spec.parent : spec?.parent?.parent;
        if (!spec || declaration?.parent?.type !== 'source_file') continue;
        const names = spec.childrenForFieldName('name');
        const values = spec.childForFieldName('value')?.namedChildren ?? [];
        names.forEach((n, i) => {
          const v = values.length === names.length ? values[i] : null;
          if (n?.text === ident.text && v) out.push(v);
        });
      }
    }
    return out;
  }

  private filesDefiningEnvironment(): GoFile[] {
    const clause = new RegExp(`^package ${this.go.packageName}\\b`, 'm');
    return (this.environmentFiles ??= this.workspace.packageFiles(path.dirname(this.go.path), (text) => MENTIONS_ENVIRONMENT.test(text) && clause.test(text)));
  }

  /**
   * The environment name an expression stands for: `"production"`, a constant holding it, `config.EnvProduction`.
   * Without `resolve`, identifiers are not looked up: `maybe` says one could stand for a name.
   */
  environmentName(expr: Node, resolve = true): string | 'maybe' | undefined {
    const value = unwrap(expr);
    if (isStringLiteral(value)) {
      const name = stringValue(value);
      return ENVIRONMENT_NAMES.has(name.toLowerCase()) ? name : undefined;
    }
    if (value.type === 'identifier') {
      if (!resolve) return 'maybe';
      const origin = literalOrigins(this.go, value, () => this.pkg.filesMentioning(value.text)).find((o) => ENVIRONMENT_NAMES.has(stringValue(o.node).toLowerCase()));
      return origin ? stringValue(origin.node) : undefined;
    }
    if (value.type === 'selector_expression') {
      const field = value.childForFieldName('field')?.text ?? '';
      return /^[A-Z]/.test(field) && splitWords(field).some((w) => ENVIRONMENT_WORDS.has(w)) ? value.text : undefined;
    }
    return undefined;
  }
}

/** `(x)`, `strings.ToLower(x)` → x. */
function unwrap(expr: Node): Node {
  let value = expr;
  for (;;) {
    if (value.type === 'parenthesized_expression' && value.namedChildren[0]) value = value.namedChildren[0];
    else if (value.type === 'call_expression' && STRING_WRAPPERS.test(callInfo(value).callee) && callInfo(value).args[0]) value = callInfo(value).args[0];
    else return value;
  }
}

/** The whole condition a comparison is part of: up through `!`, `&&`, `||` and parentheses. */
function conditionRoot(node: Node): Node {
  let current = node;
  for (let parent = current.parent; parent; parent = current.parent) {
    const logical = parent.type === 'binary_expression' && ['&&', '||'].includes(parent.childForFieldName('operator')?.text ?? '');
    const negation = parent.type === 'unary_expression' && parent.child(0)?.text === '!';
    if (!logical && !negation && parent.type !== 'parenthesized_expression') break;
    current = parent;
  }
  return current;
}

/** Whether what a condition decides only configures logging or prints. */
function onlyConfiguresLogging(go: GoFile, root: Node, depth = 0): boolean {
  const parent = root.parent;
  if (!parent || depth > 1) return false;
  if (parent.type === 'if_statement' && parent.childForFieldName('condition')?.id === root.id) {
    return [parent.childForFieldName('consequence'), parent.childForFieldName('alternative')].every((b) => !b || isLoggingStatement(go, b));
  }
  if (parent.type === 'expression_list' && parent.parent?.type === 'expression_case') return caseOnlyLogs(go, parent.parent);
  const site = literalSite(root);
  switch (site.kind) {
    case 'assign':
      // isDev := env == "development"; if isDev { logger = … }
      if (site.nameNode.type !== 'identifier') return false;
      return usesOfVariable(site.nameNode, () => [go]).every((use) => onlyConfiguresLogging(go, conditionRoot(use), depth + 1));
    case 'argument':
      return isLoggingCall(go, site.call);
    case 'field':
      return isLoggingExpression(go, site.composite);
    default:
      return false;
  }
}

function caseOnlyLogs(go: GoFile, clause: Node): boolean {
  const value = clause.childForFieldName('value');
  return clause.namedChildren.every((c) => !c || c.id === value?.id || isLoggingStatement(go, c));
}

function isLoggingStatement(go: GoFile, statement: Node): boolean {
  switch (statement.type) {
    case 'block':
    case 'statement_list':
      return statement.namedChildren.every((s) => !s || isLoggingStatement(go, s));
    case 'comment':
    case 'empty_statement':
      return true;
    case 'expression_statement':
      return !!statement.namedChildren[0] && isLoggingExpression(go, statement.namedChildren[0]);
    case 'if_statement':
      return [statement.childForFieldName('consequence'), statement.childForFieldName('alternative')].every((b) => !b || isLoggingStatement(go, b));
    case 'short_var_declaration':
    case 'assignment_statement': {
      const left = statement.childForFieldName('left')?.namedChildren ?? [];
      const right = statement.childForFieldName('right')?.namedChildren ?? [];
      const loggingTarget = left.every((l) => !l || l.text === '_' || namesLogging(l.text));
      return loggingTarget || right.every((r) => !r || isLoggingExpression(go, r));
    }
    case 'var_declaration':
      return statement.descendantsOfType('var_spec').every((spec) => {
        const values = spec?.childForFieldName('value')?.namedChildren ?? [];
        return values.every((v) => !v || isLoggingExpression(go, v)) || (spec?.childrenForFieldName('name') ?? []).every((n) => !n || namesLogging(n.text));
      });
    case 'return_statement':
      return (statement.namedChildren[0]?.namedChildren ?? []).every((v) => !v || ERROR_VALUE.test(v.text) || isLoggingExpression(go, v));
    default:
      return false;
  }
}

function namesLogging(name: string): boolean {
  return splitWords(name.split('.').pop() ?? name).some((w) => LOGGING_WORDS.has(w));
}

function isLoggingExpression(go: GoFile, expr: Node): boolean {
  let value = expr;
  while ((value.type === 'unary_expression' || value.type === 'parenthesized_expression') && value.namedChildren[0]) value = value.namedChildren[value.namedChildren.length - 1]!;
  switch (value.type) {
    case 'call_expression':
      return isLoggingCall(go, value);
    case 'composite_literal': {
      const type = value.childForFieldName('type');
      const qualifier = type?.type === 'qualified_type' ? type.childForFieldName('package')?.text : undefined;
      return isLoggingPackage(go, qualifier) || namesLogging(type?.text ?? '');
    }
    case 'selector_expression':
      return isLoggingPackage(go, value.childForFieldName('operand')?.text) || namesLogging(value.text);
    case 'identifier':
      return namesLogging(value.text);
    default:
      return false;
  }
}

function isLoggingPackage(go: GoFile, qualifier: string | undefined): boolean {
  const importPath = qualifier ? go.importOf(qualifier) : undefined;
  return !!importPath && LOG_PACKAGE_PATH.test(importPath);
}

/** `log.Printf`, `zap.NewDevelopment()`, `logger.SetLevel(…)`, `fmt.Println`, `gin.SetMode(…)`, `setupLogger(env)`. */
function isLoggingCall(go: GoFile, node: Node): boolean {
  const call = callInfo(node);
  const qualifier = call.receiver.split('.')[0];
  if (isLoggingPackage(go, qualifier) || DOTENV_PACKAGE.test(go.importOf(qualifier) ?? '')) return true;
  if (go.importOf(qualifier) === 'fmt' && /^(Print|Fprint)/.test(call.name)) return true;
  if (LOGGING_SETTERS.has(call.name)) return true;
  return namesLogging(call.receiver) || splitWords(call.name).some((w) => LOGGING_WORDS.has(w) && w !== 'format' && w !== 'level');
}

const rule: Rule = {
  meta: {
    id: 'dev-prod-parity/environment-branching',
    factor: 'dev-prod-parity',
    severity: 'warning',
    languages: ['go'],
    summary: "Code branches on the deploy environment's name",
    // What `candidates` looks for: a constant named for an environment, or an environment's name as a literal.
    textHint: [{ file: ENVIRONMENT_CONSTANT }, { file: new RegExp(quotedPath(...ENVIRONMENT_NAMES), 'i') }],
  },
  check({ go, workspace }) {
    if (!go || !MENTIONS_ENVIRONMENT.test(go.text)) return [];
    const { comparisons, switches } = candidates(go);
    if (comparisons.length === 0 && switches.length === 0) return [];
    const flow = new EnvironmentFlow(go, workspace);
    const out: FindingDraft[] = [];
    const reportedRoots = new Set<number>();
    const report = (node: Node, rangeNode: Node, source: string, name: string, operator: string): void => {
      const root = conditionRoot(node);
      if (reportedRoots.has(root.id)) return;
      reportedRoots.add(root.id);
      if (onlyConfiguresLogging(go, root)) return;
      out.push({
        range: go.range(rangeNode),
        message: `behaviour branches on the deploy environment's name (${source} ${operator} "${name}"); make each difference an explicit setting (a config value or feature flag) so every environment runs the same code`,
        data: { source, environment: name },
      });
    };

    for (const comparison of comparisons) {
      const equalFold = comparison.type === 'call_expression';
      const [left, right] = equalFold ? callInfo(comparison).args : [comparison.childForFieldName('left'), comparison.childForFieldName('right')];
      if (!left || !right) continue;
      const compared = environmentComparison(flow, left, right) ?? environmentComparison(flow, right, left);
      if (compared) report(comparison, comparison, compared.source, compared.name, equalFold ? '==' : comparison.childForFieldName('operator')!.text);
    }
    for (const statement of switches) {
      const value = statement.childForFieldName('value');
      const source = value ? flow.source(value) : undefined;
      if (!value || !source) continue;
      const clauses = statement.namedChildren.filter((c): c is Node => c?.type === 'expression_case' || c?.type === 'default_case');
      const name = clauses
        .flatMap((c) => (c.type === 'expression_case' ? c.childForFieldName('value')?.namedChildren ?? [] : []))
        .map((v) => (v ? flow.environmentName(v) : undefined))
        .find(Boolean);
      if (!name || clauses.every((c) => caseOnlyLogs(go, c))) continue;
      out.push({
        range: { start: go.range(statement).start, end: go.range(value).end },
        message: `behaviour switches on the deploy environment's name (${source}); make each difference an explicit setting (a config value or feature flag) so every environment runs the same code`,
        data: { source, environment: name },
      });
    }
    return out;
  },
};

/**
 * The comparisons (`==`, `!=`, `strings.EqualFold`) and switches that may involve an environment's name, in
 * source order: those holding an environment-name literal, directly or through a variable or constant of the
 * file; all of them when the file names environment constants that another file may define.
 */
function candidates(go: GoFile): { comparisons: Node[]; switches: Node[] } {
  const comparisons = new Map<number, Node>();
  const switches = new Map<number, Node>();
  const consider = (expr: Node): void => {
    const { parent } = valueParent(expr);
    const holder = parent?.type === 'argument_list' || parent?.type === 'expression_list' ? parent.parent : parent;
    if (parent?.type === 'binary_expression' && ['==', '!='].includes(parent.childForFieldName('operator')?.text ?? '')) comparisons.set(parent.startIndex, parent);
    else if (holder?.type === 'call_expression' && callInfo(holder).callee === 'strings.EqualFold') comparisons.set(holder.startIndex, holder);
    else if (holder?.type === 'expression_case' && holder.parent?.type === 'expression_switch_statement') switches.set(holder.parent.startIndex, holder.parent);
  };
  if (ENVIRONMENT_CONSTANT.test(go.text)) {
    for (const n of go.root.descendantsOfType(['identifier', 'field_identifier'])) if (n && ENVIRONMENT_CONSTANT.test(n.text)) consider(n.parent?.type === 'selector_expression' ? n.parent : n);
  }
  for (const { node, value } of go.literals) {
    if (!ENVIRONMENT_NAMES.has(value.toLowerCase())) continue;
    consider(node);
    const site = go.siteOf(node);
    if (site.kind === 'assign' && site.nameNode.type === 'identifier') for (const use of usesOfVariable(site.nameNode, () => [go])) consider(use);
  }
  const inOrder = (m: Map<number, Node>): Node[] => [...m.entries()].sort(([a], [b]) => a - b).map(([, n]) => n);
  return { comparisons: inOrder(comparisons), switches: inOrder(switches) };
}

/** Cheap checks first: the name side can be a name, then the value side reads the environment, then the name side's constant. */
function environmentComparison(flow: EnvironmentFlow, nameSide: Node, valueSide: Node): { source: string; name: string } | undefined {
  const candidate = flow.environmentName(nameSide, false);
  const source = candidate ? flow.source(valueSide) : undefined;
  const name = source && candidate === 'maybe' ? flow.environmentName(nameSide) : candidate;
  return name && name !== 'maybe' && source ? { source, name } : undefined;
}

export default rule;
