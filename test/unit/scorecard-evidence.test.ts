// Evidence collectors: what counts as doing a factor right, and near misses that do not.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { tempTree, testEngine } from '../helpers/engine';

/** `kind@line` of the evidence the engine reports on `file` of a temporary tree holding `files`. */
async function evidenceIn(files: Record<string, string>, file: string): Promise<string[]> {
  const engine = await testEngine();
  const dir = tempTree('tf-evidence-', files);
  const abs = path.join(dir, file);
  return engine.evidence({ path: abs, text: fs.readFileSync(abs, 'utf8'), relativePath: file }).map((e) => `${e.kind}@${e.location.range.start.line + 1}`);
}

const go = (imports: string[], body: string): string => `package main\n\nimport (\n${imports.map((i) => `\t"${i}"`).join('\n')}\n)\n\n${body}\n`;

test('a config loader reads several variables and fails loudly; one that cannot fail is no evidence', async () => {
  const loader = (fail: string): string =>
    go(['log', 'os'], `type Config struct{ A, B string }\n\nfunc Load() Config {\n\tc := Config{A: os.Getenv("DB_URL"), B: os.Getenv("REDIS_URL")}\n${fail}\treturn c\n}`);
  assert.deepEqual(await evidenceIn({ 'config.go': loader('\tif c.A == "" {\n\t\tlog.Fatal("DB_URL is not set")\n\t}\n') }, 'config.go'), ['config-loader@10']);
  assert.deepEqual(await evidenceIn({ 'config.go': loader('') }, 'config.go'), []);
  const library = go(['github.com/caarlos0/env/v11'], 'type Config struct {\n\tPort string `env:"PORT"`\n}\n\nfunc Load() (Config, error) {\n\tvar c Config\n\treturn c, env.Parse(&c)\n}');
  assert.deepEqual(await evidenceIn({ 'config.go': library }, 'config.go'), ['config-loader@11', 'port-from-env@8']);
});

test('SIGTERM wired to a Shutdown is evidence; an interrupt handler alone, or no Shutdown, is not', async () => {
  const main = (signals: string, shutdown: string): string =>
    go(['context', 'net/http', 'os', 'os/signal', 'syscall'], `func main() {\n\tsrv := &http.Server{}\n\tctx, stop := signal.NotifyContext(context.Background(), ${signals})\n\tdefer stop()\n\tgo srv.ListenAndServe()\n\t<-ctx.Done()\n\t${shutdown}\n\t_ = syscall.SIGTERM\n\t_ = os.Interrupt\n}`);
  assert.deepEqual(await evidenceIn({ 'main.go': main('syscall.SIGTERM, os.Interrupt', 'srv.Shutdown(context.Background())') }, 'main.go'), ['graceful-shutdown@13']);
  assert.deepEqual(await evidenceIn({ 'main.go': main('os.Interrupt', 'srv.Shutdown(context.Background())') }, 'main.go'), []);
  assert.deepEqual(await evidenceIn({ 'main.go': main('syscall.SIGTERM', 'srv.Close()') }, 'main.go'), []);
});

test('structured logs count when they go to the standard streams, not to a file', async () => {
  const logs = (target: string): string => go(['log/slog', 'os'], `func main() {\n\tf, _ := os.Create("app.log")\n\t_ = f\n\tslog.SetDefault(slog.New(slog.NewJSONHandler(${target}, nil)))\n}`);
  assert.deepEqual(await evidenceIn({ 'main.go': logs('os.Stdout') }, 'main.go'), ['structured-logs@11']);
  assert.deepEqual(await evidenceIn({ 'main.go': logs('f') }, 'main.go'), []);
});

test('a backing service opened with an address from config is evidence; a literal address is not', async () => {
  const open = (dsn: string): string => go(['database/sql', 'os'], `func open() (*sql.DB, error) {\n\tdsn := ${dsn}\n\treturn sql.Open("postgres", dsn)\n}\n\nvar _ = os.Getenv`);
  assert.deepEqual(await evidenceIn({ 'db.go': open('os.Getenv("DATABASE_URL")') }, 'db.go'), ['backing-service-from-config@10']);
  assert.deepEqual(await evidenceIn({ 'db.go': open('"postgres://db.internal/app"') }, 'db.go'), []);
});

test('sessions in Redis, and admin tasks as subcommands or cmd/ programs', async () => {
  assert.deepEqual(await evidenceIn({ 'session.go': go(['github.com/rbcervilla/redisstore/v9'], 'var _ = redisstore.NewRedisStore') }, 'session.go'), ['external-session-store@4']);
  assert.deepEqual(await evidenceIn({ 'cmd/migrate/main.go': 'package main\n\nfunc main() {}\n' }, 'cmd/migrate/main.go'), ['admin-subcommand@1']);
  const cobra = go(['github.com/spf13/cobra'], 'var migrateCmd = &cobra.Command{Use: "migrate", Short: "apply migrations"}');
  assert.deepEqual(await evidenceIn({ 'main.go': cobra }, 'main.go'), ['admin-subcommand@7']);
  // The word alone, in a log line, names no subcommand.
  assert.deepEqual(await evidenceIn({ 'main.go': go(['log'], 'func main() { log.Print("migrate") }') }, 'main.go'), []);
});

test('Dockerfiles, compose files and Procfiles', async () => {
  const multi = 'FROM golang:1.23 AS build\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\n';
  assert.deepEqual(await evidenceIn({ Dockerfile: multi }, 'Dockerfile'), ['multi-stage-dockerfile@4']);
  assert.deepEqual(await evidenceIn({ Dockerfile: 'FROM golang:1.23\nRUN go build -o /app .\nCMD ["/app"]\n' }, 'Dockerfile'), []);
  const compose = (tag: string): string => `services:\n  app:\n    build: .\n  db:\n    image: postgres${tag}\n`;
  assert.deepEqual(await evidenceIn({ 'compose.yml': compose(':16.4') }, 'compose.yml'), ['process-types@3', 'pinned-service-images@5']);
  assert.deepEqual(await evidenceIn({ 'compose.yml': compose(':latest') }, 'compose.yml'), ['process-types@3']);
  // Pinned, but to another version than the folder's production compose file: no parity.
  assert.deepEqual(await evidenceIn({ 'compose.yml': compose(':16.4'), 'compose.prod.yml': 'services:\n  db:\n    image: postgres:15.8\n' }, 'compose.yml'), ['process-types@3']);
  assert.deepEqual(await evidenceIn({ Procfile: 'web: ./server\nrelease: ./server migrate\n' }, 'Procfile'), ['process-types@1', 'release-process@2']);
});

test('test code shows no evidence', async () => {
  const logs = go(['log/slog', 'os', 'testing'], 'func TestX(t *testing.T) {\n\t_ = slog.NewJSONHandler(os.Stdout, nil)\n}');
  assert.deepEqual(await evidenceIn({ 'main_test.go': logs }, 'main_test.go'), []);
});
