// A required-looking env var read with os.Getenv/os.LookupEnv and never checked for empty nor given a
// default, and env values parsed with strconv/time with the error thrown away. The value is followed
// from the read to where it lands: a comparison, a default, a check call, a variable (checked in its
// function, or anywhere in the package when it is package-level), a struct field (checked anywhere in
// the package or in the packages importing it), or a plain use.
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../../rule';
import type { FindingDraft } from '../../types';
import { PackageView } from '../../workspace';
import { callInfo, type CallInfo, definitionsOf, descendants, fieldReads, functionName, type GoFile, isStringLiteral, literalSite, stringValue, usesOfVariable, valueParent } from '../../languages/go';
import { allOf, names, quotedPath } from '../hint-patterns';

const REQUIRED_NAME = /^DATABASE|_(URL|URI|DSN|HOST|ADDR|KEY|SECRET|TOKEN|PASSWORD|PASS|PWD|CREDENTIALS)$/i;
/** Well-known variables that are optional by design: temporary-credential tokens, a remote Docker daemon, in-cluster detection. */
const OPTIONAL_BY_DESIGN = new Set(['AWS_SESSION_TOKEN', 'DOCKER_HOST', 'KUBERNETES_SERVICE_HOST']);
/** Where to listen: empty means every interface (`LISTEN_ADDR`, `BIND_HOST`), a working default. */
const LISTEN_ADDRESS = /(^|_)(LISTEN|BIND)_(ADDR|ADDRESS|HOST|IP)$/;
/** Calls that keep a string the same string for our purpose: `strings.TrimSpace(os.Getenv("X"))`. */
const STRING_WRAPPERS = /^strings\.(TrimSpace|Trim|TrimLeft|TrimRight|TrimPrefix|TrimSuffix|ToLower|ToUpper|Replace|ReplaceAll)$/;
const PARSE_CALLS = /^(strconv\.(Atoi|ParseInt|ParseUint|ParseBool|ParseFloat)|time\.ParseDuration)$/;
const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=']);
/** Calls that check a value: `mustParseURL(u)`, `requireNonEmpty(…)`, `validate.Var(…)`. */
const CHECK_CALL = /^([Mm]ust|[Rr]equire[sd]?|[Vv]alidate|[Ee]nsure|[Cc]heck|[Aa]ssert|[Vv]erify)([A-Z0-9_]|$)/;
/** Calls that give a value a default: `cmp.Or(os.Getenv("X"), "d")`, `firstNonEmpty(…)`, `withDefault(…)`. */
const DEFAULT_CALL = /^(Or|coalesce|firstNonEmpty|firstNonBlank|nonEmpty)$|default|fallback/i;
/** Flag definitions whose default comes from the env: `flag.String("db", os.Getenv("DATABASE_URL"), …)`. */
const FLAG_DEFINITION = /^(String|StringSlice|StringArray|Int|Int64|Uint|Uint64|Bool|Duration|Float64)(Var)?P?$/;
/** Calls that only show a value (a log line, an error message): neither a check nor a use as config. */
const DISPLAY_CALL = /^(Print|Fprint|Errorf|Debug|Info|Warn|Warning|Error|Fatal|Panic|Trace)(f|ln|w)?$/;
/** Struct tags that make a config library or validator require the field. */
const REQUIRED_TAG = /required|notempty|nonzero/i;
const MAX_DEPTH = 4;

/** What an env value meets: a check or default, a hand-off whose receiver may check (return, list, map), a plain use, nothing. */
type Verdict = 'checked' | 'handed-off' | 'used' | 'none';
const STRENGTH: Record<Verdict, number> = { checked: 3, 'handed-off': 2, used: 1, none: 0 };

function strongest(verdicts: Iterable<Verdict>): Verdict {
  let best: Verdict = 'none';
  for (const v of verdicts) if (STRENGTH[v] > STRENGTH[best]) best = v;
  return best;
}

interface EnvRead {
  call: Node;
  kind: 'Getenv' | 'LookupEnv';
  nameArg: Node;
  /** The variable name when given as a literal. */
  name?: string;
}

function envReads(go: GoFile): EnvRead[] {
  const out: EnvRead[] = [];
  for (const call of go.calls) {
    if ((call.name !== 'Getenv' && call.name !== 'LookupEnv') || go.importOf(call.receiver) !== 'os' || call.args.length !== 1) continue;
    const nameArg = call.args[0];
    out.push({ call: call.node, kind: call.name, nameArg, name: isStringLiteral(nameArg) ? stringValue(nameArg) : undefined });
  }
  return out;
}

/** Steps up from a value through parentheses, conversions and string wrappers such as `strings.TrimSpace`. */
function climb(value: Node): { node: Node; parent: Node | null } {
  let step = valueParent(value);
  while (step.parent?.type === 'argument_list' && step.parent.parent?.type === 'call_expression') {
    const call = callInfo(step.parent.parent);
    if (!STRING_WRAPPERS.test(call.callee) || call.args[0]?.id !== step.node.id) break;
    step = valueParent(call.node);
  }
  return step;
}

/** An element of a list the code loops over, as in `for k, v := range map[string]string{"DATABASE_URL": cfg.DatabaseURL} { if v == "" …`. */
function isRangedOver(element: Node): boolean {
  let composite: Node | null = element.parent;
  for (let steps = 0; composite && composite.type !== 'composite_literal' && steps < 3; steps++) composite = composite.parent;
  if (composite?.type !== 'composite_literal') return false;
  if (valueParent(composite).parent?.type === 'range_clause') return true;
  const site = literalSite(composite); // required := map[string]string{…}; for k, v := range required
  return site.kind === 'assign' && site.nameNode.type === 'identifier' && usesOfVariable(site.nameNode, () => []).some((use) => valueParent(use).parent?.type === 'range_clause');
}

/** `"DATABASE_URL=" + os.Getenv("DATABASE_URL")`: the variable is passed on to a child process's environment, not used. */
function forwardsToChild(read: Node, name: string): boolean {
  const { node, parent } = valueParent(read);
  if (parent?.type !== 'binary_expression' || parent.childForFieldName('right')?.id !== node.id) return false;
  const left = parent.childForFieldName('left');
  return !!left && isStringLiteral(left) && stringValue(left) === `${name}=`;
}

function isComparison(node: Node | null): boolean {
  return node?.type === 'binary_expression' && COMPARISONS.has(node.childForFieldName('operator')?.text ?? '');
}

/** The `x, _ := strconv.Atoi(…)` assignment holding a call, when its second result is thrown away. */
function discardedSecondResult(call: Node): Node | undefined {
  const { parent } = valueParent(call);
  const holder = parent?.type === 'expression_list' ? parent.parent : null;
  if (holder?.type !== 'short_var_declaration' && holder?.type !== 'assignment_statement') return undefined;
  if (holder.childForFieldName('right')?.id !== parent?.id) return undefined;
  const left = holder.childForFieldName('left')?.namedChildren ?? [];
  return left.length === 2 && left[1]?.text === '_' ? holder : undefined;
}

class EnvFlow {
  private readonly pkg: PackageView;
  private readonly fieldVerdicts = new Map<string, Verdict>();
  private readonly visiting = new Set<string>();
  private readonly checkedNames = new Map<string, boolean>();

  constructor(private readonly ctx: RuleContext, go: GoFile) {
    this.pkg = new PackageView(ctx.workspace, go);
  }

  /**
   * Whether another read of the package checks the same variable (`if os.Getenv("X") == ""` at startup),
   * or a loop over a list of required names does.
   */
  checkedElsewhere(name: string, except: Node): boolean {
    let known = this.checkedNames.get(name);
    if (known === undefined) {
      known = this.pkg.filesMentioning(`"${name}"`).some((file) =>
        envReads(file).some((read) =>
          read.name !== undefined
            ? read.name === name && !(read.call.id === except.id && read.call.tree === except.tree) && this.readVerdict(read) === 'checked'
            : read.nameArg.type === 'identifier' && listedNames(file, read.nameArg).includes(name) && this.readVerdict(read) === 'checked',
        ),
      );
      this.checkedNames.set(name, known);
    }
    return known;
  }

  readVerdict(read: EnvRead): Verdict {
    if (read.kind === 'LookupEnv') {
      const { parent } = valueParent(read.call);
      const holder = parent?.type === 'expression_list' ? parent.parent : null;
      const left = holder?.childForFieldName('left')?.namedChildren ?? [];
      if (left.length !== 2) return 'handed-off';
      if (left[1]?.text !== '_') return 'checked';
    }
    if (read.name !== undefined && forwardsToChild(read.call, read.name)) return 'none';
    return this.valueVerdict(read.call, 0);
  }

  /** Where a value (a read, a variable or field read) lands, and whether that checks it. */
  valueVerdict(value: Node, depth: number): Verdict {
    if (depth > MAX_DEPTH) return 'none';
    const { node, parent } = climb(value);
    if (isComparison(parent)) return 'checked';
    if (parent?.type === 'expression_switch_statement' && parent.childForFieldName('value')?.id === node.id) return 'checked';
    const site = literalSite(node);
    switch (site.kind) {
      case 'compare':
        return 'checked';
      case 'argument':
        return this.argumentVerdict(callInfo(site.call), site.index, depth);
      case 'element':
      case 'map-key-value':
        return isRangedOver(node) ? 'checked' : 'handed-off';
      case 'return':
        return 'handed-off';
      case 'field':
        return this.fieldVerdict(site.name, depth);
      case 'assign':
        if (site.nameNode.type === 'field_identifier') return this.fieldVerdict(site.name, depth);
        return site.name === '_' ? 'none' : this.variableVerdict(site.nameNode, depth);
      default:
        return 'used';
    }
  }

  private argumentVerdict(call: CallInfo, index: number, depth: number): Verdict {
    if (call.callee === 'append') return 'handed-off';
    if (call.callee === 'len') return isComparison(climb(call.node).parent) ? 'checked' : 'used';
    if (PARSE_CALLS.test(call.callee)) return index === 0 && discardedSecondResult(call.node) ? 'used' : 'checked';
    if (CHECK_CALL.test(call.name) || DEFAULT_CALL.test(call.name)) return 'checked';
    if (FLAG_DEFINITION.test(call.name) && call.receiver && index > 0) return 'checked';
    if (DISPLAY_CALL.test(call.name)) return 'none';
    const parameter = this.parameterOf(call, index);
    return parameter ? this.variableVerdict(parameter, depth + 1) : 'used';
  }

  /** The parameter of a function of this package that receives argument `index` (not for variadics). */
  private parameterOf(call: CallInfo, index: number): Node | undefined {
    if (call.receiver && this.pkg.fileOf(call.node)?.importOf(call.receiver.split('.')[0]) !== undefined) return undefined;
    const type = call.receiver ? 'method_declaration' : 'function_declaration';
    const candidates = this.pkg.filesMentioning(call.name).flatMap((f) => f.root.namedChildren).filter((fn): fn is Node => fn?.type === type && functionName(fn) === call.name);
    if (candidates.length !== 1) return undefined;
    const params = candidates[0].childForFieldName('parameters')?.namedChildren ?? [];
    let position = 0;
    for (const p of params) {
      if (p?.type === 'variadic_parameter_declaration') return undefined;
      if (p?.type !== 'parameter_declaration') continue;
      const names = p.childrenForFieldName('name').filter((n): n is Node => !!n);
      if (index < position + names.length) return names[index - position];
      position += Math.max(1, names.length);
    }
    return undefined;
  }

  private variableVerdict(nameNode: Node, depth: number): Verdict {
    const key = `${this.pkg.fileOf(nameNode)?.path}:${nameNode.startIndex}`;
    if (this.visiting.has(key)) return 'none';
    this.visiting.add(key);
    try {
      return strongest(usesOfVariable(nameNode, () => this.pkg.filesMentioning(nameNode.text)).map((use) => this.valueVerdict(use, depth + 1)));
    } finally {
      this.visiting.delete(key);
    }
  }

  /** A field counts as checked when some read of it anywhere in the package (or an importer) is checked, or a tag requires it. */
  private fieldVerdict(field: string, depth: number): Verdict {
    const known = this.fieldVerdicts.get(field);
    if (known) return known;
    this.fieldVerdicts.set(field, 'used'); // a field read that leads back to itself proves nothing
    const files = this.pkg.filesMentioning(field); // reads (`.Field`) and tagged declarations
    const checked =
      files.some((f) => requiredFields(f).has(field)) ||
      fieldReads(files, field).some((read) => this.valueVerdict(read, depth + 1) === 'checked') ||
      (/^[A-Z]/.test(field) && this.checkedInImporters(field, depth));
    const verdict: Verdict = checked ? 'checked' : 'used';
    this.fieldVerdicts.set(field, verdict);
    return verdict;
  }

  /** An exported config field is often validated by the package that loads the config (`cfg.DatabaseURL == ""` in main). */
  private checkedInImporters(field: string, depth: number): boolean {
    const { workspace } = this.ctx;
    const dir = path.dirname(this.ctx.path);
    const module = workspace.moduleOf(dir);
    if (!module) return false;
    const importPath = workspace.importPathOf(module, dir);
    for (const other of workspace.packageDirs(module)) {
      if (other === dir) continue;
      const files = workspace.packageFiles(other, (text) => text.includes(field)).filter((f) => f.importsPath((p) => p === importPath));
      if (fieldReads(files, field).some((read) => this.valueVerdict(read, depth + 1) === 'checked')) return true;
    }
    return false;
  }

  /** `n, _ := strconv.Atoi(os.Getenv("WORKERS"))` with no default given afterwards (`if n == 0 { n = 4 }`). */
  parsedWithoutErrorCheck(read: EnvRead): boolean {
    const { node, parent } = climb(read.call);
    const call = parent?.type === 'argument_list' && parent.parent?.type === 'call_expression' ? callInfo(parent.parent) : undefined;
    if (!call || !PARSE_CALLS.test(call.callee) || call.args[0]?.id !== node.id) return false;
    const holder = discardedSecondResult(call.node);
    const result = holder?.childForFieldName('left')?.namedChildren[0];
    if (!result) return false;
    const givenDefault = result.text !== '_' && usesOfVariable(result, () => this.pkg.filesMentioning(result.text)).some((use) => isComparison(valueParent(use).parent));
    return !givenDefault;
  }
}

const requiredFieldsCache = new WeakMap<GoFile, Set<string>>();

/** Struct fields a tag marks required (`validate:"required"`, `env:"X,notEmpty"`). */
function requiredFields(file: GoFile): Set<string> {
  let fields = requiredFieldsCache.get(file);
  if (!fields) {
    fields = new Set();
    for (const tag of descendants(file.root, 'field_declaration').map((d) => d?.childForFieldName('tag'))) {
      if (!tag || !REQUIRED_TAG.test(tag.text)) continue;
      for (const name of tag.parent?.childrenForFieldName('name') ?? []) if (name) fields.add(name.text);
    }
    requiredFieldsCache.set(file, fields);
  }
  return fields;
}

/** `for _, k := range []string{"DATABASE_URL", …} { if os.Getenv(k) == "" … }`: the names in the list. */
function listedNames(file: GoFile, key: Node): string[] {
  const names: string[] = [];
  for (const def of definitionsOf(file, key)) {
    if (def.kind !== 'range') continue;
    let list = def.nameNode.parent?.parent?.childForFieldName('right') ?? null;
    if (list?.type === 'identifier') list = definitionsOf(file, list).find((d) => d.value?.type === 'composite_literal')?.value ?? null;
    if (list?.type !== 'composite_literal') continue;
    for (const literal of descendants(list, ['interpreted_string_literal', 'raw_string_literal'])) if (literal) names.push(stringValue(literal));
  }
  return names;
}

const rule: Rule = {
  meta: {
    id: 'config/unchecked-required-env',
    factor: 'config',
    severity: 'warning',
    languages: ['go'],
    summary: 'A required env var is read without failing loudly when it is missing',
    textHint: new RegExp(allOf(names(['Getenv', 'LookupEnv']), quotedPath('os'))),
  },
  check(ctx) {
    const { go } = ctx;
    if (!go) return [];
    const reads = envReads(go).filter((r) => r.name !== undefined);
    if (reads.length === 0) return [];
    const flow = new EnvFlow(ctx, go);
    const out: FindingDraft[] = [];
    for (const read of reads) {
      const envVar = read.name as string;
      if (read.kind === 'Getenv' && flow.parsedWithoutErrorCheck(read)) {
        out.push({
          range: go.range(read.call),
          message: `${envVar} is parsed with its error discarded, so a missing or malformed value silently becomes zero; handle the error and fail loudly at startup`,
          data: { envVar },
        });
        continue;
      }
      if (!REQUIRED_NAME.test(envVar) || OPTIONAL_BY_DESIGN.has(envVar) || LISTEN_ADDRESS.test(envVar) || flow.readVerdict(read) !== 'used' || flow.checkedElsewhere(envVar, read.call)) continue;
      out.push({
        range: go.range(read.call),
        message: `${envVar} is read without a check; fail loudly at startup when it is missing (check for "" in your config loader)`,
        data: { envVar },
      });
    }
    return out;
  },
};

export default rule;
