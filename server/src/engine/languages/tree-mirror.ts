// A parse tree copied into plain JavaScript objects that answer like web-tree-sitter's nodes. Every
// question a rule asks a web-tree-sitter node (`parent`, `type`, `childForFieldName`…) crosses into
// WebAssembly and allocates; a mirror answers from memory. Copying a whole tree costs a few times
// its parse, so a mirror pays off for a document edited again and again: after an edit, the subtrees
// tree-sitter reused outside the edited span are taken over from the previous mirror, and only the
// rest is read from the new tree.
import type { Language, Node, Point, Tree, TreeCursor } from 'web-tree-sitter';

/** The single span an edit replaced: `[start, oldEnd)` of the old text became `[start, newEnd)`. */
export interface TextEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

const ERROR_SYMBOL = 65535;

const fieldIds = new WeakMap<Language, Map<string, number>>();

export class MirrorTree {
  rootNode!: MirrorNode;
  private lineStartsCache?: number[];

  /**
   * `previousLines`: the line starts of the text before `edit`, when they were computed; this text's are
   * then derived from them instead of searching the whole text.
   */
  constructor(
    readonly text: string,
    readonly language: Language,
    private readonly source: Tree,
    private previousLines?: { starts: number[]; edit: TextEdit },
  ) {}

  private get lineStarts(): number[] {
    if (!this.lineStartsCache) {
      const previous = this.previousLines;
      this.previousLines = undefined;
      this.lineStartsCache = previous ? editedLineStarts(previous.starts, previous.edit, this.text) : lineStarts(this.text);
    }
    return this.lineStartsCache;
  }

  /** The line starts, when they were asked for. */
  get knownLineStarts(): number[] | undefined {
    return this.lineStartsCache;
  }

  /** A field's id (the language looks names up in a list). */
  fieldId(name: string): number | undefined {
    let ids = fieldIds.get(this.language);
    if (!ids) {
      ids = new Map(this.language.fields.flatMap((f, i) => (f ? [[f, i] as const] : [])));
      fieldIds.set(this.language, ids);
    }
    return ids.get(name);
  }

  /** Row and column (UTF-16 units, rows split at `\n`, as tree-sitter counts) of an offset. */
  pointAt(offset: number): Point {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: offset - starts[lo] };
  }

  offsetAt(point: Point): number {
    const starts = this.lineStarts;
    return (starts[point.row] ?? this.text.length) + point.column;
  }

  /** The web-tree-sitter node a mirrored one copies, for the rare question a mirror does not answer. */
  sourceNode(node: MirrorNode): Node {
    let found: Node | null = this.source.rootNode.descendantForIndex(node.startIndex, node.endIndex);
    while (found && found.id !== node.id) found = found.parent;
    if (!found) throw new Error(`no ${node.type} node at ${node.startIndex}`);
    return found;
  }
}

/**
 * One document's mirrors, version after version. Nodes taken over by a newer mirror belong to it
 * from then on: a node answers for the document's current mirror (older ones are no longer read).
 */
export class MirroredDocument {
  current!: MirrorTree;
}

/** Line starts after `edit`, from those before it: the newlines outside the edited span only move. */
function editedLineStarts(before: number[], edit: TextEdit, text: string): number[] {
  // A line start follows its newline: those before the edit stay, those after it shift.
  let kept = 0;
  while (kept < before.length && before[kept] - 1 < edit.start) kept++;
  let after = kept;
  while (after < before.length && before[after] - 1 < edit.oldEnd) after++;
  const inserted: number[] = [];
  for (let at = text.indexOf('\n', edit.start); at !== -1 && at < edit.newEnd; at = text.indexOf('\n', at + 1)) inserted.push(at + 1);
  const shift = edit.newEnd - edit.oldEnd;
  // Sized once: the array is as long as the file, and one is made at every keystroke.
  const out = new Array<number>(kept + inserted.length + before.length - after);
  let o = 0;
  for (let i = 0; i < kept; i++) out[o++] = before[i];
  for (const start of inserted) out[o++] = start;
  for (let i = after; i < before.length; i++) out[o++] = before[i] + shift;
  return out;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

let factSlots = 0;

/** A slot in every node's `facts` for one kind of fact (go.ts keeps what it reads off a subtree there). */
export function newFactSlot(): number {
  return factSlots++;
}

/** Nodes spanning this many characters keep the answers to `descendantsOfType`: most queries cover them. */
const CACHED_QUERY_SPAN = 256;

export class MirrorNode {
  parent: MirrorNode | null = null;
  children: MirrorNode[] = [];
  /** Field id of each child (0 for none). */
  childFieldIds: number[] = [];
  private namedChildrenCache?: MirrorNode[];
  /** `descendantsOfType` answers by query, for large nodes: valid as long as the subtree is reused. */
  private queryCache?: Map<string, MirrorNode[]>;
  /** Facts read off this node, by slot (`newFactSlot`): kept as long as the node is (a WeakMap lookup costs more). */
  facts?: unknown[];
  /** The last `mirrorTree` that read this node or took it over (its subtree with it). */
  mirroredIn = 0;

  /**
   * Offsets are kept relative to an anchor: the root, or the top-level node (declaration, comment)
   * holding this one. An edit moves what follows it, and moving a top-level node moves its anchor only.
   */
  anchor: MirrorNode = this;
  /** An anchor's offset. */
  base = 0;
  relativeStart = 0;
  relativeEnd = 0;

  constructor(
    /** Tree-sitter's id of the node; a leaf taken over from an earlier mirror takes the new tree's id. */
    public id: number,
    readonly typeId: number,
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly document: MirroredDocument,
  ) {}

  get startIndex(): number {
    return this.anchor.base + this.relativeStart;
  }

  get endIndex(): number {
    return this.anchor.base + this.relativeEnd;
  }

  get tree(): MirrorTree {
    return this.document.current;
  }

  get grammarType(): string {
    return this.type;
  }

  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }

  get startPosition(): Point {
    return this.tree.pointAt(this.startIndex);
  }

  get endPosition(): Point {
    return this.tree.pointAt(this.endIndex);
  }

  get isError(): boolean {
    return this.typeId === ERROR_SYMBOL;
  }

  /** Go's only extras are comments. */
  get isExtra(): boolean {
    return this.type === 'comment';
  }

  get hasChanges(): boolean {
    return false;
  }

  get hasError(): boolean {
    return this.isError || this.isMissing || this.children.some((c) => c.hasError);
  }

  get namedChildren(): MirrorNode[] {
    return (this.namedChildrenCache ??= this.children.filter((c) => c.isNamed));
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  get firstChild(): MirrorNode | null {
    return this.children[0] ?? null;
  }

  get lastChild(): MirrorNode | null {
    return this.children[this.children.length - 1] ?? null;
  }

  get firstNamedChild(): MirrorNode | null {
    return this.namedChildren[0] ?? null;
  }

  get lastNamedChild(): MirrorNode | null {
    return this.namedChildren[this.namedChildren.length - 1] ?? null;
  }

  child(index: number): MirrorNode | null {
    return this.children[index] ?? null;
  }

  namedChild(index: number): MirrorNode | null {
    return this.namedChildren[index] ?? null;
  }

  childForFieldId(fieldId: number): MirrorNode | null {
    const i = this.childFieldIds.indexOf(fieldId);
    return i === -1 ? null : this.children[i];
  }

  childForFieldName(fieldName: string): MirrorNode | null {
    const id = this.tree.fieldId(fieldName);
    return id === undefined ? null : this.childForFieldId(id);
  }

  childrenForFieldId(fieldId: number): MirrorNode[] {
    return this.children.filter((_, i) => this.childFieldIds[i] === fieldId);
  }

  childrenForFieldName(fieldName: string): MirrorNode[] {
    const id = this.tree.fieldId(fieldName);
    return id === undefined ? [] : this.childrenForFieldId(id);
  }

  fieldNameForChild(index: number): string | null {
    const id = this.childFieldIds[index];
    return id ? this.tree.language.fields[id] ?? null : null;
  }

  fieldNameForNamedChild(index: number): string | null {
    const named = this.namedChildren[index];
    return named ? this.fieldNameForChild(this.children.indexOf(named)) : null;
  }

  private sibling(step: number, named: boolean): MirrorNode | null {
    const siblings = this.parent?.children ?? [];
    for (let i = siblings.indexOf(this) + step; i >= 0 && i < siblings.length; i += step) {
      if (!named || siblings[i].isNamed) return siblings[i];
    }
    return null;
  }

  get nextSibling(): MirrorNode | null {
    return this.sibling(1, false);
  }

  get previousSibling(): MirrorNode | null {
    return this.sibling(-1, false);
  }

  get nextNamedSibling(): MirrorNode | null {
    return this.sibling(1, true);
  }

  get previousNamedSibling(): MirrorNode | null {
    return this.sibling(-1, true);
  }

  get descendantCount(): number {
    return 1 + this.children.reduce((n, c) => n + c.descendantCount, 0);
  }

  /** This node, when it is of one of the types, then its descendants of those types, in document order. */
  descendantsOfType(types: string | string[]): MirrorNode[] {
    const list = typeof types === 'string' ? [types] : types;
    const out: MirrorNode[] = [];
    this.collect(list.join('\0'), new Set(list), out);
    return out;
  }

  private collect(key: string, wanted: Set<string>, out: MirrorNode[]): void {
    // Top-level nodes keep their answers whatever their size: a query over the file asks each of them.
    if (this.endIndex - this.startIndex < CACHED_QUERY_SPAN && this.anchor !== this) {
      const stack: MirrorNode[] = [this];
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (wanted.has(node.type)) out.push(node);
        for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
      }
      return;
    }
    let cached = this.queryCache?.get(key);
    if (!cached) {
      cached = [];
      if (wanted.has(this.type)) cached.push(this);
      for (const child of this.children) child.collect(key, wanted, cached);
      (this.queryCache ??= new Map()).set(key, cached);
    }
    for (const node of cached) out.push(node);
  }

  /** The smallest node spanning `[start, end]`, as tree-sitter picks it. */
  descendantForIndex(start: number, end = start): MirrorNode {
    return this.descendantFor(start, end, false);
  }

  namedDescendantForIndex(start: number, end = start): MirrorNode {
    return this.descendantFor(start, end, true);
  }

  descendantForPosition(start: Point, end = start): MirrorNode {
    return this.descendantForIndex(this.tree.offsetAt(start), this.tree.offsetAt(end));
  }

  namedDescendantForPosition(start: Point, end = start): MirrorNode {
    return this.namedDescendantForIndex(this.tree.offsetAt(start), this.tree.offsetAt(end));
  }

  private descendantFor(start: number, end: number, named: boolean): MirrorNode {
    let node: MirrorNode = this;
    let found: MirrorNode = this;
    for (let descended = true; descended; ) {
      descended = false;
      for (const child of node.children) {
        if (child.endIndex < end) continue;
        const empty = child.startIndex === child.endIndex;
        if (empty ? child.endIndex < start : child.endIndex <= start) continue;
        if (start < child.startIndex) break;
        node = child;
        if (!named || child.isNamed) found = child;
        descended = true;
        break;
      }
    }
    return found;
  }

  childWithDescendant(descendant: MirrorNode): MirrorNode | null {
    for (let n: MirrorNode | null = descendant; n; n = n.parent) if (n.parent === this) return n;
    return null;
  }

  equals(other: MirrorNode): boolean {
    return this.id === other.id && this.tree === other.tree;
  }

  walk(): TreeCursor {
    return this.tree.sourceNode(this).walk();
  }

  /** The S-expression, as tree-sitter writes it (a debugging aid: asked of the tree itself). */
  toString(): string {
    return this.tree.sourceNode(this).toString();
  }
}

/** How a mirror is seen by code written for web-tree-sitter's nodes: it answers the same questions. */
export function asNode(node: MirrorNode): Node {
  return node as unknown as Node;
}

export function asTree(tree: MirrorTree): Tree {
  return tree as unknown as Tree;
}

let mirrorGenerations = 0;

/**
 * A mirror of `tree` (the parse of `text`). With the previous mirror and the edit between the two
 * texts, the subtrees tree-sitter kept (same node id, same type, same span, away from the edit) are
 * moved over instead of read again.
 */
export function mirrorTree(tree: Tree, text: string, previous?: { mirror: MirrorTree; edit: TextEdit }): MirrorTree {
  const previousStarts = previous?.mirror.knownLineStarts;
  const mirror = new MirrorTree(text, tree.language, tree, previous && previousStarts ? { starts: previousStarts, edit: previous.edit } : undefined);
  const document = previous?.mirror.rootNode.document ?? new MirroredDocument();
  const namedByType = new Map<number, boolean>();
  const cursor = tree.walk();
  const shift = previous ? previous.edit.newEnd - previous.edit.oldEnd : 0;
  /** Where a span away from the edit was in the previous text. */
  const oldStartOf = (start: number, end: number): number | undefined => {
    if (!previous) return undefined;
    const { edit } = previous;
    if (end <= edit.start) return start;
    if (start >= edit.newEnd) return start - shift;
    return undefined;
  };
  /** The previous mirror's node the cursor's node is, when tree-sitter reused it. */
  const reusable = (id: number, typeId: number, start: number, end: number): MirrorNode | undefined => {
    const oldStart = oldStartOf(start, end);
    if (!previous || oldStart === undefined) return undefined;
    const old = findNode(previous.mirror.rootNode, id, oldStart, oldStart + end - start);
    return old && old.typeId === typeId ? old : undefined;
  };
  /**
   * A leaf of the previous mirror with the same type and text as the cursor's. Tree-sitter stores
   * small leaves (comments, names) inside their parent, so a rebuilt parent gives them new ids; the
   * old node is taken over under the new id, with what is known of it.
   */
  const reusableLeaf = (id: number, typeId: number, start: number, end: number): MirrorNode | undefined => {
    const oldStart = oldStartOf(start, end);
    if (!previous || oldStart === undefined || start === end) return undefined;
    const old = findLeaf(previous.mirror.rootNode, typeId, oldStart, oldStart + end - start);
    // The search reads offsets of the previous mirror, some of whose subtrees already moved into this one:
    // a leaf among them belongs to the new tree already (and is only found where it now is).
    for (let n: MirrorNode | null | undefined = old; n; n = n.parent) if (n.mirroredIn === generation) return undefined;
    if (old) old.id = id;
    return old;
  };
  /** Marks the nodes of the new mirror read or taken over so far (subtrees by their top). */
  const generation = ++mirrorGenerations;
  const read = (parent: MirrorNode | null): MirrorNode => {
    const id = cursor.nodeId;
    const typeId = cursor.nodeTypeId;
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const old = reusable(id, typeId, start, end);
    if (old) {
      place(old, parent, start);
      old.mirroredIn = generation;
      return old;
    }
    let isNamed = namedByType.get(typeId);
    if (isNamed === undefined) namedByType.set(typeId, (isNamed = cursor.nodeIsNamed));
    const isMissing = start === end && cursor.nodeIsMissing;
    const hasChildren = cursor.gotoFirstChild();
    const leaf = hasChildren ? undefined : reusableLeaf(id, typeId, start, end);
    if (leaf) {
      place(leaf, parent, start);
      leaf.mirroredIn = generation;
      return leaf;
    }
    const type = tree.language.types[typeId] || 'ERROR';
    const node = new MirrorNode(id, typeId, type, isNamed, isMissing, document);
    node.mirroredIn = generation;
    node.parent = parent;
    if (parent?.parent) node.anchor = parent.anchor;
    else node.base = parent ? start : 0;
    node.relativeStart = start - node.anchor.base;
    node.relativeEnd = end - node.anchor.base;
    if (hasChildren) {
      do {
        node.childFieldIds.push(cursor.currentFieldId);
        node.children.push(read(node));
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
    return node;
  };
  try {
    mirror.rootNode = read(null);
  } finally {
    cursor.delete();
  }
  document.current = mirror;
  return mirror;
}

/** Index of the first of `children` (in document order) that ends at or after `end`. */
function firstEndingAtOrAfter(children: readonly MirrorNode[], end: number): number {
  let lo = 0;
  let hi = children.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (children[mid].endIndex < end) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The node with `id` spanning exactly `[start, end)`, searched down the spine over that span. */
function findNode(root: MirrorNode, id: number, start: number, end: number): MirrorNode | undefined {
  let node: MirrorNode | undefined = root;
  while (node) {
    if (node.id === id && node.startIndex === start && node.endIndex === end) return node;
    const children: MirrorNode[] = node.children;
    const lo = firstEndingAtOrAfter(children, end);
    // Empty nodes can share a span with their neighbours: look at each child covering the span.
    let next: MirrorNode | undefined;
    for (let i = lo; i < children.length && children[i].startIndex <= start; i++) {
      if (children[i].endIndex >= end) {
        if (children[i].id === id && children[i].startIndex === start && children[i].endIndex === end) return children[i];
        next ??= children[i];
      }
    }
    node = next;
  }
  return undefined;
}

/** The childless node of `typeId` spanning exactly `[start, end)` (non-empty), searched down the spine over that span. */
function findLeaf(root: MirrorNode, typeId: number, start: number, end: number): MirrorNode | undefined {
  let node: MirrorNode | undefined = root;
  while (node && node.children.length > 0) {
    const children: MirrorNode[] = node.children;
    const lo = firstEndingAtOrAfter(children, end);
    node = children[lo] && children[lo].startIndex <= start ? children[lo] : undefined;
  }
  return node && node.typeId === typeId && node.startIndex === start && node.endIndex === end ? node : undefined;
}

/** Puts a subtree of the previous mirror under `parent`, starting at `start`. */
function place(node: MirrorNode, parent: MirrorNode | null, start: number): void {
  const topLevel = parent !== null && parent.parent === null;
  node.parent = parent;
  if (topLevel && node.anchor === node) {
    node.base = start;
    return;
  }
  // Re-anchored: every node of the subtree gets offsets relative to its new anchor.
  const anchor = topLevel || !parent ? node : parent.anchor;
  const base = anchor === node ? start : anchor.base;
  const delta = start - node.startIndex;
  const reanchor = (n: MirrorNode): void => {
    // Children first: their offsets may still be read through this node, as their old anchor.
    for (const c of n.children) reanchor(c);
    const start = n.startIndex + delta;
    const end = n.endIndex + delta;
    n.relativeStart = start - base;
    n.relativeEnd = end - base;
  };
  reanchor(node);
  const setAnchor = (n: MirrorNode): void => {
    n.anchor = anchor;
    for (const c of n.children) setAnchor(c);
  };
  setAnchor(node);
  node.base = anchor === node ? base : 0;
}
