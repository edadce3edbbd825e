// Building blocks of the rules' text hints (RuleMeta.textHint): patterns that must match wherever a
// rule can report, so each errs toward matching more.

type Pattern = RegExp | string;

const sourceOf = (p: Pattern): string => (typeof p === 'string' ? p : p.source);

/**
 * Words as `splitWords` finds them in an identifier or key: `token` in `token`, `authToken` and
 * `AUTH_TOKEN`, not in `tokenizer` nor `Tokens`.
 */
export function words(...names: string[]): string {
  // The literal comes first, then what may precede it: a pattern starting with a look-behind is tried at every position.
  return names
    .map((name) => {
      const lower = name.toLowerCase();
      const capital = lower[0].toUpperCase() + lower.slice(1);
      const upper = lower.toUpperCase();
      return `(?:${lower}(?<![A-Za-z0-9]${lower})|${capital}|${upper}(?<![A-Z]${upper}))(?![a-z0-9])`;
    })
    .join('|');
}

/** Names written whole, as in a call or a declaration: `\bListenAndServe\b`. */
export function names(...list: Iterable<string>[]): string {
  return `\\b(?:${list.flatMap((l) => [...l]).join('|')})\\b`;
}

/** Text matching one of the patterns. */
export function anyOf(...patterns: Pattern[]): string {
  return patterns.map((p) => `(?:${sourceOf(p)})`).join('|');
}

/** Text matching every pattern, anywhere. */
export function allOf(...patterns: Pattern[]): string {
  return `^${patterns.map((p) => `(?=[\\s\\S]*?(?:${sourceOf(p)}))`).join('')}`;
}

/**
 * An import of a package whose path matches one of `paths` (as the rules test import paths, anchored
 * or not), quoted as Go source writes it.
 */
export function quotedImport(...paths: RegExp[]): string {
  const [anchored, open] = [paths.filter((p) => /^\^.*[^\\]\$$/.test(p.source)), paths.filter((p) => !/^\^.*[^\\]\$$/.test(p.source))];
  // An import path is one line without quotes: `[^"]` (`/^[^"]*\/ent$/`) must not run on past it.
  const core = (p: RegExp): string => p.source.replace(/^\^|([^\\])\$$/g, '$1').replace(/\[\^"\]/g, '[^"`\\n]');
  const quote = '["`]';
  return [
    // One alternation behind one quote: every pattern is tried only where a quote is.
    ...(anchored.length > 0 ? [`${quote}(?:${anchored.map(core).join('|')})${quote}`] : []),
    ...open.map((p) => `${quote}${p.source.startsWith('^') ? '' : '[^"`\\n]*'}(?:${core(p)})${p.source.endsWith('$') ? quote : ''}`),
  ].join('|');
}

/**
 * A call to one of `callees` whose argument at `index` (0 or 1) is a literal route path (`"/x"`,
 * `"GET /x"`): the first (or second) quote after the name opens it.
 */
export function routeCall(callees: Iterable<string>[], index: 0 | 1): string {
  const skipped = index === 0 ? '' : '(?:["`][^"`\\n]*["`][^"`]*?)?';
  return `${names(...callees)}[^"\`]*?${skipped}["\`](?:[A-Z]+ +)?\\/`;
}

/** An import of exactly one of these paths. */
export function quotedPath(...paths: string[]): string {
  return `["\`](?:${paths.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})["\`]`;
}
