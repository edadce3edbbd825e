// Fixture annotations, semgrep style: `ruleid: <rule>` in a comment marks the next code line as one
// that must be flagged by that rule, `ok: <rule>` as one that must not. `ruleid-file:` / `ok-file:`
// mark the file's first line, where file-level findings sit (nothing can be written above it).

export interface Annotations {
  expected: Map<number, Set<string>>;
  forbidden: Map<number, Set<string>>;
}

const ANNOTATION = /(?:\/\/|#|\/\*)\s*(ruleid|ok)(-file)?:\s*([\w\-/, ]+)/;

/** The lines (0-based) an annotation marks, with the rules it names. */
export function parseAnnotations(text: string): Annotations {
  const lines = text.split('\n');
  const expected = new Map<number, Set<string>>();
  const forbidden = new Map<number, Set<string>>();
  const pending: { kind: string; rules: string[] }[] = [];
  const mark = (index: number, { kind, rules }: { kind: string; rules: string[] }): void => {
    const target = kind === 'ruleid' ? expected : forbidden;
    const set = target.get(index) ?? new Set<string>();
    rules.forEach((r) => set.add(r));
    target.set(index, set);
  };
  lines.forEach((line, index) => {
    const m = ANNOTATION.exec(line);
    if (m && line.trim().match(/^(\/\/|#|\/\*)/)) {
      const annotation = { kind: m[1], rules: m[3].split(',').map((r) => r.trim()).filter(Boolean) };
      if (m[2]) mark(0, annotation);
      else pending.push(annotation);
      return;
    }
    for (const p of pending.splice(0)) mark(index, p);
  });
  return { expected, forbidden };
}
