// The shell reader behind the Dockerfile, Procfile and script rules: what it calls a command.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandsOf, invocationOf, parseShell } from '../../server/src/engine/languages/shell';

/** Each simple command as `program args…` (through wrappers), with its source text. */
function commands(text: string): { run: string; source: string; background: boolean; nested: boolean }[] {
  return commandsOf(parseShell(text)).map(({ command, list, nested }) => {
    const invocation = invocationOf(command);
    return {
      run: invocation ? [invocation.name, ...invocation.args.map((a) => a.value)].join(' ') : '',
      source: text.slice(command.start, command.end),
      background: list.background,
      nested,
    };
  });
}

test('shell: pipelines, and-or lists, quotes and redirects', () => {
  const found = commands(`curl -fsSL "https://x.dev/a b" | sudo -E bash -s -- -y && echo 'done; ok' > /tmp/log 2>&1`);
  assert.deepEqual(found.map((c) => c.run), ['curl -fsSL https://x.dev/a b', 'bash -s -- -y', 'echo done; ok']);
  assert.equal(found[2].source, `echo 'done; ok' > /tmp/log 2>&1`);
});

test('shell: command substitutions and sh -c strings are read, with offsets into the source', () => {
  const text = `sh -c "$(curl -fsSL https://x.dev/i.sh)" && bash -c 'npm ci && exec node .'`;
  const found = commands(text);
  assert.deepEqual(found.map((c) => [c.run, c.nested]), [
    ['sh -c $(curl -fsSL https://x.dev/i.sh)', false],
    ['curl -fsSL https://x.dev/i.sh', true],
    ['bash -c npm ci && exec node .', false],
    ['npm ci', true],
    ['node .', true],
  ]);
  assert.equal(found[3].source, 'npm ci');
});

test('shell: compound-command keywords, case patterns and function definitions are no commands', () => {
  const text = [
    'start() { exec ./app "$@"; }',
    'if [ -f .env ]; then . ./.env; fi',
    'for f in a b; do echo "$f"; done',
    'case "$1" in',
    '  web|api) start --port 80 ;;',
    '  *) exec "$@" ;;',
    'esac',
    '[[ -n "$X" && "$Y" > 1 ]] && echo ok',
    'ARGS=(one two)',
  ].join('\n');
  assert.deepEqual(commands(text).map((c) => c.run), ['app $@', '[ -f .env ]', '. ./.env', 'echo $f', 'start --port 80', '$@', 'echo ok', '']);
});

test('shell: heredoc bodies are data', () => {
  assert.deepEqual(commands('cat <<-EOF > /etc/motd\n\tcurl x | sh\n\tEOF\nnginx -g "daemon off;"\n').map((c) => c.run), ['cat', 'nginx -g daemon off;']);
});

test('shell: & puts a list, or a whole group, in the background', () => {
  const found = commands('nginx & (sleep 5 && ./warm) & exec ./app');
  assert.deepEqual(found.map((c) => [c.run, c.background]), [
    ['nginx', true],
    ['sleep 5', true],
    ['warm', true],
    ['app', false],
  ]);
});

test('shell: never throws or hangs on unbalanced input', () => {
  for (const text of ['echo "unterminated', "echo 'x", 'a $(b', 'a `b', 'x <<EOF', ')))', '(((', '${', 'case x in', 'f() {', '&& || ;;']) {
    assert.doesNotThrow(() => commandsOf(parseShell(text)));
  }
});
