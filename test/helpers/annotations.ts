// Fixture annotations, semgrep style: `ruleid: <rule>` in a comment marks the next code line as one
// that must be flagged by that rule, `ok: <rule>` as one that must not.

export interface Annotations {
  expected: Map<number, Set<string>>;
  forbidden: Map<number, Set<string>>;
}

const ANNOTATION = /(?:\/\/|#|\/\*)\s*(ruleid|ok):\s*([\w\-/, ]+)/;

/** The lines (0-based) an annotation marks, with the rules it names. */
export function parseAnnotations(text: string): Annotations {
  const lines = text.split('\n');
  const expected = new Map<number, Set<string>>();
  const forbidden = new Map<number, Set<string>>();
  const pending: { kind: string; rules: string[] }[] = [];
  lines.forEach((line, index) => {
    const m = ANNOTATION.exec(line);
    if (m && line.trim().match(/^(\/\/|#|\/\*)/)) {
      pending.push({ kind: m[1], rules: m[2].split(',').map((r) => r.trim()).filter(Boolean) });
      return;
    }
    for (const p of pending.splice(0)) {
      const target = p.kind === 'ruleid' ? expected : forbidden;
      const set = target.get(index) ?? new Set<string>();
      p.rules.forEach((r) => set.add(r));
      target.set(index, set);
    }
  });
  return { expected, forbidden };
}
