// Bundles the client, the language server and the CLI into dist/ (CommonJS for Node and VS Code),
// and copies the tree-sitter .wasm files next to the server bundle.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const dist = 'dist';
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // The ESM build of web-tree-sitter reads import.meta.url, which a CommonJS bundle does not have.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') /* the package's require export is its .cjs build */ },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: dist, external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: { server: 'server/src/server.ts', cli: 'server/src/cli.ts', 'scan-worker': 'server/src/scanWorker.ts' }, outdir: dist }),
]);

for (const asset of ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-go/tree-sitter-go.wasm']) {
  copyFileSync(require.resolve(asset), join(dist, asset.split('/').pop()));
}
console.log(`built ${dist}/ (client.js, server.js, cli.js, scan-worker.js, wasm)`);
