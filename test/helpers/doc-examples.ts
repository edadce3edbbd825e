// The examples of a rule's doc (docs/rules/<id>.md), as test/unit/docs.test.ts runs them.

export interface ExampleFile {
  file: string;
  text: string;
}

/**
 * The example files of a doc by section: code blocks with a `file=<path>` in their info string under
 * `### Flagged` and `### Not flagged`.
 */
export function examples(doc: string): { flagged: ExampleFile[]; notFlagged: ExampleFile[] } {
  const out = { flagged: [] as ExampleFile[], notFlagged: [] as ExampleFile[] };
  let section: 'flagged' | 'notFlagged' | undefined;
  const fence = /^```\S*[^\n]*?\bfile=(\S+)[^\n]*\n([\s\S]*?)^```$/gm;
  const headings = [...doc.matchAll(/^#{2,3} (.+)$/gm)];
  for (const block of doc.matchAll(fence)) {
    const heading = headings.filter((h) => h.index < block.index).pop()?.[1];
    section = heading === 'Flagged' ? 'flagged' : heading === 'Not flagged' ? 'notFlagged' : undefined;
    if (section) out[section].push({ file: block[1], text: block[2] });
  }
  return out;
}
