// A backing service addressed by a literal: swapping the database or the broker for another one
// (staging, a managed service) means editing code. Reported on the literal, when it reaches a client
// of a known library directly or through one variable or constant that only ever holds literals.
import type { Node } from 'web-tree-sitter';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { baseType, callInfo, editedDeclarationFact, importedTypeComposites, isStringLiteral, keyedValues, literalsReaching, stringValue, type CallInfo, type GoFile } from '../../languages/go';
import { connectionString, isExampleHost, isPlaceholder, isTemplate, looksLikeAddress } from '../../util/literals';
import { suggestedEnvVar } from '../literal-names';
import { quotedImport } from '../hint-patterns';

interface GoPackage {
  /** The package's own name, which its import path does not always end with (`amqp091-go` is `amqp`). */
  name: string;
  path: RegExp;
}

interface Service {
  name: string;
  envVar: string;
}

interface CallSink {
  pkg: GoPackage;
  functions: string[];
  /** Index of the address argument; `all` for variadic address lists (`memcache.New(a, b)`). */
  argument: number | 'all';
  /** The service, or how to tell it from the call (`sql.Open`'s driver); undefined: not a network service. */
  service: Service | ((call: CallInfo) => Service | undefined);
}

interface FieldSink {
  pkg: GoPackage;
  types: string[];
  /** Struct fields, or the option names of a config map (confluent-kafka-go's `kafka.ConfigMap{"bootstrap.servers": …}`). */
  fields: string[];
  service: Service;
}

const POSTGRES: Service = { name: 'PostgreSQL', envVar: 'DATABASE_URL' };
const MYSQL: Service = { name: 'MySQL', envVar: 'DATABASE_URL' };
const SQL_SERVER: Service = { name: 'SQL Server', envVar: 'DATABASE_URL' };
const CLICKHOUSE: Service = { name: 'ClickHouse', envVar: 'CLICKHOUSE_ADDR' };
const DATABASE: Service = { name: 'Database', envVar: 'DATABASE_URL' };
const REDIS: Service = { name: 'Redis', envVar: 'REDIS_ADDR' };
const RABBITMQ: Service = { name: 'RabbitMQ', envVar: 'AMQP_URL' };
const MONGODB: Service = { name: 'MongoDB', envVar: 'MONGODB_URI' };
const GRPC: Service = { name: 'gRPC service', envVar: 'GRPC_ADDR' };
const TCP: Service = { name: 'TCP service', envVar: 'SERVICE_ADDR' };
const SMTP: Service = { name: 'SMTP server', envVar: 'SMTP_ADDR' };
const SMTP_HOST: Service = { name: 'SMTP server', envVar: 'SMTP_HOST' };
const KAFKA: Service = { name: 'Kafka', envVar: 'KAFKA_BROKERS' };
const NATS: Service = { name: 'NATS', envVar: 'NATS_URL' };
const MEMCACHED: Service = { name: 'Memcached', envVar: 'MEMCACHED_ADDR' };
const CASSANDRA: Service = { name: 'Cassandra', envVar: 'CASSANDRA_HOSTS' };
const ELASTICSEARCH: Service = { name: 'Elasticsearch', envVar: 'ELASTICSEARCH_URL' };
const ETCD: Service = { name: 'etcd', envVar: 'ETCD_ENDPOINTS' };
const CONSUL: Service = { name: 'Consul', envVar: 'CONSUL_HTTP_ADDR' };
const MINIO: Service = { name: 'Object storage', envVar: 'S3_ENDPOINT' };

/** Drivers of `database/sql` by name; embedded ones (SQLite, DuckDB) are local-file-database's, not ours. */
function serviceOfDriver(driver: string): Service | undefined {
  if (/sqlite|libsql|duckdb|ramsql|sqlmock|txdb/i.test(driver)) return undefined;
  if (/postgres|pgx|^pq$|cockroach|redshift/i.test(driver)) return POSTGRES;
  if (/mysql|mariadb|tidb/i.test(driver)) return MYSQL;
  if (/sqlserver|mssql/i.test(driver)) return SQL_SERVER;
  if (/clickhouse/i.test(driver)) return CLICKHOUSE;
  return DATABASE;
}

/** `sql.Open(driver, dsn)`-like calls: the service is named by the driver argument. */
const byDriver = (index: number) => (call: CallInfo): Service | undefined => {
  const driver = call.args[index];
  return driver && isStringLiteral(driver) ? serviceOfDriver(stringValue(driver)) : DATABASE;
};

/** `net.Dial(network, addr)`-like calls: only stream connections to a host (not `udp` lookups of the outbound IP, not unix sockets). */
const overTcp = (index: number, service: Service) => (call: CallInfo): Service | undefined => {
  const network = call.args[index];
  return network && isStringLiteral(network) && /^tcp[46]?$/.test(stringValue(network)) ? service : undefined;
};

const pkg = (name: string, importPath: RegExp): GoPackage => ({ name, path: importPath });

const CALL_SINKS: CallSink[] = [
  { pkg: pkg('sql', /^database\/sql$/), functions: ['Open'], argument: 1, service: byDriver(0) },
  { pkg: pkg('sqlx', /^github\.com\/jmoiron\/sqlx$/), functions: ['Open', 'Connect', 'MustOpen', 'MustConnect'], argument: 1, service: byDriver(0) },
  { pkg: pkg('sqlx', /^github\.com\/jmoiron\/sqlx$/), functions: ['ConnectContext'], argument: 2, service: byDriver(1) },
  { pkg: pkg('gorm', /^github\.com\/jinzhu\/gorm$/), functions: ['Open'], argument: 1, service: byDriver(0) },
  { pkg: pkg('postgres', /^gorm\.io\/driver\/postgres$/), functions: ['Open'], argument: 0, service: POSTGRES },
  { pkg: pkg('mysql', /^gorm\.io\/driver\/mysql$/), functions: ['Open'], argument: 0, service: MYSQL },
  { pkg: pkg('sqlserver', /^gorm\.io\/driver\/sqlserver$/), functions: ['Open'], argument: 0, service: SQL_SERVER },
  { pkg: pkg('clickhouse', /^gorm\.io\/driver\/clickhouse$/), functions: ['Open'], argument: 0, service: CLICKHOUSE },
  { pkg: pkg('pgx', /^github\.com\/jackc\/pgx(\/v\d+)?$/), functions: ['Connect'], argument: 1, service: POSTGRES },
  { pkg: pkg('pgx', /^github\.com\/jackc\/pgx(\/v\d+)?$/), functions: ['ParseConfig'], argument: 0, service: POSTGRES },
  { pkg: pkg('pgxpool', /^github\.com\/jackc\/pgx\/v\d+\/pgxpool$/), functions: ['New', 'Connect'], argument: 1, service: POSTGRES },
  { pkg: pkg('pgxpool', /^github\.com\/jackc\/pgx\/v\d+\/pgxpool$/), functions: ['ParseConfig'], argument: 0, service: POSTGRES },
  { pkg: pkg('pgconn', /^github\.com\/jackc\/(pgconn|pgx\/v\d+\/pgconn)$/), functions: ['Connect'], argument: 1, service: POSTGRES },
  { pkg: pkg('pq', /^github\.com\/lib\/pq$/), functions: ['NewConnector'], argument: 0, service: POSTGRES },
  { pkg: pkg('redis', /^github\.com\/(go-redis\/redis|redis\/go-redis)(\/v\d+)?$/), functions: ['ParseURL'], argument: 0, service: REDIS },
  { pkg: pkg('redis', /^github\.com\/gomodule\/redigo\/redis$/), functions: ['Dial'], argument: 1, service: overTcp(0, REDIS) },
  { pkg: pkg('redis', /^github\.com\/gomodule\/redigo\/redis$/), functions: ['DialURL'], argument: 0, service: REDIS },
  { pkg: pkg('amqp', /^github\.com\/(streadway\/amqp|rabbitmq\/amqp091-go)$/), functions: ['Dial', 'DialTLS', 'DialConfig'], argument: 0, service: RABBITMQ },
  { pkg: pkg('mgo', /^(gopkg\.in\/mgo\.v2|github\.com\/globalsign\/mgo)$/), functions: ['Dial', 'DialWithTimeout'], argument: 0, service: MONGODB },
  { pkg: pkg('grpc', /^google\.golang\.org\/grpc$/), functions: ['Dial', 'NewClient'], argument: 0, service: GRPC },
  { pkg: pkg('grpc', /^google\.golang\.org\/grpc$/), functions: ['DialContext'], argument: 1, service: GRPC },
  { pkg: pkg('net', /^net$/), functions: ['Dial', 'DialTimeout'], argument: 1, service: overTcp(0, TCP) },
  { pkg: pkg('tls', /^crypto\/tls$/), functions: ['Dial'], argument: 1, service: overTcp(0, TCP) },
  { pkg: pkg('smtp', /^net\/smtp$/), functions: ['SendMail', 'Dial'], argument: 0, service: SMTP },
  { pkg: pkg('gomail', /^(gopkg\.in\/gomail\.v2|github\.com\/go-gomail\/gomail)$/), functions: ['NewDialer', 'NewPlainDialer'], argument: 0, service: SMTP_HOST },
  { pkg: pkg('mail', /^(gopkg\.in\/mail\.v2|github\.com\/go-mail\/mail)$/), functions: ['NewDialer', 'NewPlainDialer'], argument: 0, service: SMTP_HOST },
  {
    pkg: pkg('sarama', /^github\.com\/(Shopify|IBM)\/sarama$/),
    functions: ['NewClient', 'NewSyncProducer', 'NewAsyncProducer', 'NewConsumer', 'NewConsumerGroup', 'NewClusterAdmin'],
    argument: 0,
    service: KAFKA,
  },
  { pkg: pkg('kafka', /^github\.com\/segmentio\/kafka-go$/), functions: ['Dial'], argument: 1, service: KAFKA },
  { pkg: pkg('kafka', /^github\.com\/segmentio\/kafka-go$/), functions: ['DialContext', 'DialLeader', 'DialPartition'], argument: 2, service: KAFKA },
  { pkg: pkg('kafka', /^github\.com\/segmentio\/kafka-go$/), functions: ['TCP'], argument: 'all', service: KAFKA },
  { pkg: pkg('nats', /^github\.com\/nats-io\/(nats\.go|go-nats)$/), functions: ['Connect'], argument: 0, service: NATS },
  { pkg: pkg('memcache', /^github\.com\/bradfitz\/gomemcache\/memcache$/), functions: ['New'], argument: 'all', service: MEMCACHED },
  { pkg: pkg('gocql', /^github\.com\/gocql\/gocql$/), functions: ['NewCluster'], argument: 'all', service: CASSANDRA },
  { pkg: pkg('elastic', /^(github\.com\/olivere\/elastic|gopkg\.in\/olivere\/elastic\.v\d+)(\/v\d+)?$/), functions: ['SetURL'], argument: 'all', service: ELASTICSEARCH },
  { pkg: pkg('minio', /^github\.com\/minio\/minio-go(\/v\d+)?$/), functions: ['New'], argument: 0, service: MINIO },
];

/** Methods specific enough to match by name in a file importing their package: `options.Client().ApplyURI("…")`. */
const METHOD_SINKS: CallSink[] = [
  { pkg: pkg('options', /^go\.mongodb\.org\/mongo-driver(\/v\d+)?\/mongo\/options$/), functions: ['ApplyURI', 'SetHosts'], argument: 0, service: MONGODB },
];

const FIELD_SINKS: FieldSink[] = [
  {
    pkg: pkg('redis', /^github\.com\/(go-redis\/redis|redis\/go-redis)(\/v\d+)?$/),
    types: ['Options', 'ClusterOptions', 'UniversalOptions', 'FailoverOptions'],
    fields: ['Addr', 'Addrs', 'SentinelAddrs'],
    service: REDIS,
  },
  { pkg: pkg('mysql', /^github\.com\/go-sql-driver\/mysql$/), types: ['Config'], fields: ['Addr'], service: { name: 'MySQL', envVar: 'MYSQL_ADDR' } },
  { pkg: pkg('postgres', /^gorm\.io\/driver\/postgres$/), types: ['Config'], fields: ['DSN'], service: POSTGRES },
  { pkg: pkg('mysql', /^gorm\.io\/driver\/mysql$/), types: ['Config'], fields: ['DSN'], service: MYSQL },
  { pkg: pkg('clickhouse', /^github\.com\/ClickHouse\/clickhouse-go(\/v\d+)?$/), types: ['Options'], fields: ['Addr'], service: CLICKHOUSE },
  { pkg: pkg('kafka', /^github\.com\/segmentio\/kafka-go$/), types: ['ReaderConfig', 'WriterConfig'], fields: ['Brokers'], service: KAFKA },
  { pkg: pkg('elasticsearch', /^github\.com\/elastic\/go-elasticsearch(\/v\d+)?$/), types: ['Config'], fields: ['Addresses'], service: ELASTICSEARCH },
  { pkg: pkg('clientv3', /^(go\.etcd\.io\/etcd\/client\/v3|go\.etcd\.io\/etcd\/clientv3|github\.com\/coreos\/etcd\/clientv3)$/), types: ['Config'], fields: ['Endpoints'], service: ETCD },
  { pkg: pkg('api', /^github\.com\/hashicorp\/consul\/api$/), types: ['Config'], fields: ['Address'], service: CONSUL },
  { pkg: pkg('gocql', /^github\.com\/gocql\/gocql$/), types: ['ClusterConfig'], fields: ['Hosts'], service: CASSANDRA },
  { pkg: pkg('gomail', /^(gopkg\.in\/gomail\.v2|github\.com\/go-gomail\/gomail)$/), types: ['Dialer'], fields: ['Host'], service: SMTP_HOST },
  // A config map keyed by option name.
  { pkg: pkg('kafka', /^github\.com\/confluentinc\/confluent-kafka-go(\/v\d+)?\/kafka$/), types: ['ConfigMap'], fields: ['bootstrap.servers', 'metadata.broker.list'], service: KAFKA },
];

const CALL_SINK_NAMES = new Set([...CALL_SINKS, ...METHOD_SINKS].flatMap((s) => s.functions));

const rule: Rule = {
  meta: {
    id: 'backing-services/hardcoded-address',
    factor: 'backing-services',
    severity: 'warning',
    languages: ['go'],
    summary: 'A backing service is addressed by a literal host or URL',
    literal: true,
    // A literal network address (a URL, `[::1]`, a dotted host, a port, a DSN), and a client of the
    // package the address may reach.
    textHint: [
      {
        file: /:\/\/|["`]\s*\[[0-9a-f:]+\]|["`]\s*[a-z0-9.-]*(?:\.[a-z0-9-]*|:\d+)\s*["`]|localhost|dns:|@(?:tcp|unix|udp)\(|(?:host|hostaddr|dbname)=/i,
        package: new RegExp(quotedImport(...[...CALL_SINKS, ...METHOD_SINKS, ...FIELD_SINKS].map((s) => s.pkg.path))),
      },
    ],
  },
  check({ go, workspace }) {
    if (!go) return [];
    const filesOfPackage = workspace.packageLookup(go);
    const reached = literalsReaching(go, filesOfPackage, clientAddressesIn);
    const out: FindingDraft[] = [];
    for (const { node, value } of go.literals) {
      const service = reached.get(node.startIndex);
      if (!service || !isNetworkAddress(value)) continue;
      const envVar = go.siteOf(node).kind === 'assign' ? suggestedEnvVar(go, node, service.envVar) : service.envVar;
      out.push({
        range: go.range(node),
        literalOffset: node.startIndex,
        message: `${service.name} address is hardcoded; read it from config (${envVar})`,
        data: { envVar },
      });
    }
    return out;
  },
};

/**
 * A host, `host:port`, `:port`, URL or DSN. Not a file (an SQLite path is local-file-database's),
 * not a template to be filled, not a documentation host.
 */
function isNetworkAddress(value: string): boolean {
  const v = value.trim();
  if (isPlaceholder(v) || isTemplate(v) || isFileDatabase(v)) return false;
  const target = v.replace(/^dns:(\/\/[^/]*)?\/+/i, ''); // gRPC's `dns:///host:port`
  if (!looksLikeAddress(target) && !/^:\d{1,5}$/.test(target) && !connectionString(v)) return false;
  return !isExampleHost(target.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^@/]*@/, ''));
}

function isFileDatabase(value: string): boolean {
  return /^(file:|:memory:)/i.test(value) || /\.(db|db3|sqlite3?|duckdb)(\?.*)?$/i.test(value);
}

/** The address arguments and fields of the backing-service clients a file creates. */
function clientAddressesIn(file: GoFile): { value: Node; sink: Service }[] {
  const out: { value: Node; sink: Service }[] = [];
  for (const call of file.calls) {
    if (CALL_SINK_NAMES.has(call.name)) for (const address of callAddresses(file, call.node)) out.push(address);
  }
  for (const composite of importedTypeComposites(file)) {
    const type = baseType(composite.childForFieldName('type')!);
    const qualifier = type.childForFieldName('package')?.text ?? '';
    const typeName = type.childForFieldName('name')?.text ?? '';
    for (const { key, value } of keyedValues(composite)) {
      const sink = FIELD_SINKS.find((s) => s.types.includes(typeName) && s.fields.includes(key) && refersTo(file, qualifier, s.pkg));
      if (sink) out.push({ value, sink: sink.service });
    }
  }
  return out;
}

/** The address arguments of a client call (read off the call and the imports: kept across edits). */
const callAddresses = editedDeclarationFact((file, node): { value: Node; sink: Service }[] => {
  const call = callInfo(node);
  const sink = callSink(file, call);
  const service = sink && (typeof sink.service === 'function' ? sink.service(call) : sink.service);
  if (!sink || !service) return [];
  const values = sink.argument === 'all' ? call.args : call.args.slice(sink.argument, sink.argument + 1);
  return values.map((value) => ({ value, sink: service }));
});

/** The client function a call is: a package function (`sql.Open`) or a method specific to a client package (`ApplyURI`). */
function callSink(file: GoFile, call: CallInfo): CallSink | undefined {
  const fn = call.node.childForFieldName('function');
  if (fn?.type !== 'selector_expression') return undefined;
  const qualifier = fn.childForFieldName('operand');
  if (qualifier?.type === 'identifier') {
    const sink = CALL_SINKS.find((s) => s.functions.includes(call.name) && refersTo(file, qualifier.text, s.pkg));
    if (sink) return sink;
  }
  return METHOD_SINKS.find((s) => s.functions.includes(call.name) && file.importsPath((p) => s.pkg.path.test(p)));
}

/** Whether a qualifier names the package: by its import path, or by the package's own name for an unaliased import. */
function refersTo(file: GoFile, qualifier: string, goPackage: GoPackage): boolean {
  const imported = file.importOf(qualifier);
  if (imported !== undefined) return goPackage.path.test(imported);
  return qualifier === goPackage.name && file.importsPath((p) => goPackage.path.test(p));
}

export default rule;
