// Backing services run from floating images (`postgres`, `redis:latest`) in compose files and
// Kubernetes manifests: each machine pulls whatever version is current, so dev and prod drift apart.
import type { Document } from 'yaml';
import { isExamplePath } from '../../files';
import { composeServices, imageNodes, kubernetesKind, MAX_YAML_LENGTH, parseImageReference, stringScalar, type StringScalar } from '../../languages/manifests';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';

/** Images of databases, caches, queues, search engines and object stores, by the last part of their path. */
const SERVICE_IMAGES = new Set([
  'postgres', 'postgresql', 'postgis', 'timescaledb', 'timescaledb-ha', 'mysql', 'mariadb', 'percona', 'percona-server',
  'mongo', 'mongodb', 'mongodb-community-server', 'redis', 'redis-stack', 'redis-stack-server', 'valkey', 'keydb', 'dragonfly',
  'memcached', 'rabbitmq', 'kafka', 'cp-kafka', 'cp-server', 'cp-zookeeper', 'zookeeper', 'redpanda', 'pulsar', 'nats',
  'nats-streaming', 'nsq', 'activemq', 'activemq-artemis', 'artemis', 'elasticsearch', 'opensearch', 'solr', 'meilisearch',
  'typesense', 'minio', 'localstack', 'azurite', 'dynamodb-local', 'cassandra', 'scylla', 'clickhouse', 'clickhouse-server',
  'influxdb', 'couchdb', 'couchbase', 'neo4j', 'arangodb', 'rethinkdb', 'cockroach', 'surrealdb', 'questdb', 'etcd', 'consul',
  'eventstore', 'qdrant', 'weaviate', 'milvus',
]);
/** Services whose image path ends in a generic word: `mcr.microsoft.com/mssql/server`. */
const SERVICE_IMAGE_PATHS = /(^|\/)mssql\/(rhel\/)?server$/;

export function isServiceImage(path: string): boolean {
  return SERVICE_IMAGES.has(path.slice(path.lastIndexOf('/') + 1)) || SERVICE_IMAGE_PATHS.test(path);
}

const rule: Rule = {
  meta: {
    id: 'dev-prod-parity/unpinned-service-image',
    factor: 'dev-prod-parity',
    severity: 'warning',
    languages: ['compose', 'yaml'],
    summary: 'A backing service image without a version tag (or :latest), so environments run different versions',
  },
  check(ctx) {
    // A demo's compose file or manifest is no environment the app runs in.
    if (isExamplePath(ctx.relativePath) || ctx.text.length > MAX_YAML_LENGTH) return [];
    const { yaml } = ctx;
    if (!yaml) return [];
    const images = yaml.documents.filter((doc) => doc.errors.length === 0).flatMap((doc) => (ctx.language === 'compose' ? composeImages(doc) : kubernetesKind(doc) ? imageNodes(doc) : []));
    const out: FindingDraft[] = [];
    for (const node of images) {
      // `${REGISTRY}/postgres`, `postgres:${PG_VERSION:-16}`: chosen by the environment, not floating.
      if (node.value.includes('$')) continue;
      const image = parseImageReference(node.value);
      if (image.digest || (image.tag && image.tag.toLowerCase() !== 'latest') || !isServiceImage(image.path)) continue;
      const suggestedTag = images
        .map((other) => parseImageReference(other.value))
        .find((other) => other.path === image.path && other.tag && other.tag.toLowerCase() !== 'latest' && !other.tag.includes('$'))?.tag;
      const how = image.tag ? `uses the latest tag` : 'has no version tag';
      const pin = suggestedTag ? `pin it (${image.repository}:${suggestedTag}, as used elsewhere in this file)` : 'pin the version production runs';
      out.push({
        range: yaml.range(node.range),
        message: `backing service image ${node.value} ${how}, so each environment may run a different version; ${pin}`,
        data: suggestedTag ? { image: image.repository, suggestedTag } : { image: image.repository },
      });
    }
    return out;
  },
};

export default rule;

/** Images of compose services the file pulls (a service with `build:` runs the app's own image). */
function composeImages(doc: Document.Parsed): StringScalar[] {
  return composeServices(doc).flatMap(({ node }) => {
    const image = stringScalar(node.get('image', true));
    return image && !node.has('build') ? [image] : [];
  });
}
