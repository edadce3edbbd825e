import * as fs from 'fs';
import * as path from 'path';

/** The extension's version: the bundles live in dist/, next to the package's package.json. */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}
