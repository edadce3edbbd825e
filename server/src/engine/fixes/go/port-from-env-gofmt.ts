// gofmt writes `a + b` with blanks only at the top of an expression: inside a call with several
// arguments (or an index) it writes `a+b`. This is go/printer's "depth", worked out for the place an
// expression is written, so a fix's `host + port` comes out as gofmt leaves it.
import type { Node } from 'web-tree-sitter';

/** Where go/printer starts an expression over at depth 1 (2 for `a, b = x, y`). */
const RESETS = new Set(['keyed_element', 'literal_value', 'var_spec', 'const_spec', 'return_statement', 'expression_statement', 'send_statement']);

function printerDepth(node: Node): number {
  const steps: ('deeper' | 'paren')[] = [];
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (RESETS.has(parent.type) || parent.type.endsWith('_statement') || parent.type === 'block') break;
    if (parent.type === 'short_var_declaration' || parent.type === 'assignment_statement') {
      const sides = ['left', 'right'].map((f) => parent?.childForFieldName(f)?.namedChildren.length ?? 0);
      if (sides[0] > 1 && sides[1] > 1) steps.push('deeper');
      break;
    }
    if (parent.type === 'argument_list' && parent.namedChildren.filter((n) => n?.type !== 'comment').length > 1) steps.push('deeper');
    if (parent.type === 'index_expression' && parent.childForFieldName('index')?.id === child.id) steps.push('deeper');
    if (parent.type === 'parenthesized_expression') steps.push('paren');
  }
  let depth = 1;
  for (const step of steps.reverse()) depth = step === 'deeper' ? depth + 1 : Math.max(1, depth - 1);
  return depth;
}

/** `left + right` as gofmt writes it where `at` stands. */
export function concatenation(at: Node, left: string, right: string): string {
  return printerDepth(at) > 1 ? `${left}+${right}` : `${left} + ${right}`;
}
