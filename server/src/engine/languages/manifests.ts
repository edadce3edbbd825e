// What compose files and Kubernetes manifests declare, read off parsed YAML: which documents are
// Kubernetes objects, a compose file's services and the host names its containers answer to, and
// container image references.
import { isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';

/**
 * Longer YAML is generated (CustomResourceDefinitions, vendored charts, API specs): no one writes a
 * credential or picks an image there, and parsing it costs about a second a megabyte.
 */
export const MAX_YAML_LENGTH = 1_000_000;

/** A scalar holding a string (numbers, booleans and nulls are settings, never names or credentials). */
export type StringScalar = Scalar<string> & { range: [number, number, number] };

export function stringScalar(node: unknown): StringScalar | undefined {
  return isScalar(node) && typeof node.value === 'string' && node.range ? (node as StringScalar) : undefined;
}

/** The string-keyed entries of a map: `[key, value node]`. */
export function entries(node: unknown): [string, unknown][] {
  if (!isMap(node)) return [];
  return node.items.flatMap((pair) => (isScalar(pair.key) && (typeof pair.key.value === 'string' || typeof pair.key.value === 'number') ? [[String(pair.key.value), pair.value] as [string, unknown]] : []));
}

/** A document that is a Kubernetes object: a map with `apiVersion` and `kind`. */
export function kubernetesKind(doc: Document.Parsed): string | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const apiVersion = root.get('apiVersion');
  const kind = root.get('kind');
  return typeof apiVersion === 'string' && typeof kind === 'string' ? kind : undefined;
}

export interface ComposeService {
  name: string;
  node: YAMLMap;
}

/** Top-level keys of a compose file that are not services, in either format. */
const COMPOSE_TOP_LEVEL = new Set(['version', 'name', 'services', 'volumes', 'networks', 'secrets', 'configs', 'include']);

/**
 * The services of a compose document: under `services:`, or, in the legacy format (compose v1), the
 * top-level entries themselves, each with an `image` or a `build`.
 */
export function composeServices(doc: Document.Parsed): ComposeService[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  if (root.has('services')) return entries(root.get('services')).flatMap(([name, node]) => (isMap(node) ? [{ name, node }] : []));
  return entries(root).flatMap(([name, node]) =>
    !COMPOSE_TOP_LEVEL.has(name) && !name.startsWith('x-') && isMap(node) && (node.has('image') || node.has('build')) ? [{ name, node }] : [],
  );
}

/**
 * Names a compose file's containers answer to on its networks: service names, `container_name`,
 * `hostname`, network aliases and `links` aliases.
 */
export function composeHostNames(docs: readonly Document.Parsed[]): Set<string> {
  const names = new Set<string>();
  const add = (value: unknown): void => {
    if (typeof value === 'string' && value) names.add(value.toLowerCase());
  };
  for (const { name, node } of docs.flatMap(composeServices)) {
    add(name);
    add(node.get('container_name'));
    add(node.get('hostname'));
    for (const [, network] of entries(node.get('networks'))) {
      if (isMap(network)) for (const alias of seqStrings(network.get('aliases'))) add(alias);
    }
    for (const link of seqStrings(node.get('links'))) link.split(':').forEach(add);
  }
  return names;
}

function seqStrings(node: unknown): string[] {
  return isSeq(node) ? node.items.map(stringScalar).flatMap((item) => (item ? [item.value] : [])) : [];
}

/** Every `image:` string of a document, with its node. */
export function imageNodes(doc: Document.Parsed): StringScalar[] {
  const out: StringScalar[] = [];
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      for (const [key, value] of entries(node)) {
        const image = key === 'image' ? stringScalar(value) : undefined;
        if (image) out.push(image);
        else walk(value);
      }
    } else if (isSeq(node)) {
      node.items.forEach(walk);
    }
  };
  walk(doc.contents as Node | null);
  return out;
}

export interface ImageReference {
  /** Without tag or digest, registry included: `docker.io/library/postgres`, `bitnami/postgresql`. */
  repository: string;
  /** Lower-cased path without the registry and Docker Hub's `library/`: `postgres`, `bitnami/postgresql`. */
  path: string;
  tag?: string;
  digest?: string;
}

/** `[registry/]path[:tag][@digest]`. */
export function parseImageReference(reference: string): ImageReference {
  const [named, digest] = reference.trim().split('@', 2);
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  const repository = hasTag ? named.slice(0, colon) : named;
  const parts = repository.toLowerCase().split('/');
  // A first part with a dot or port, or `localhost`, is a registry (`ghcr.io/…`, `localhost:5000/…`).
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) parts.shift();
  if (parts.length > 1 && parts[0] === 'library') parts.shift();
  return { repository, path: parts.join('/'), tag: hasTag ? named.slice(colon + 1) : undefined, digest };
}
