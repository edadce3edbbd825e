// An app served through a host web server (FastCGI behind nginx, CGI under Apache) instead of
// binding a port itself: it cannot run, nor be routed to, without that server. Reported on the call
// that hands the app to the host (`fcgi.Serve`, `cgi.Serve`, `cgi.Request`), not on the import: a
// program importing net/http/cgi for `cgi.Handler` runs CGI scripts as children of its own server,
// which binds its own port. A package that also serves HTTP itself (`ListenAndServe`) offers FastCGI
// as one mode among others: the port is still its own.
import * as path from 'path';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { quotedPath } from '../hint-patterns';

/** Import path → the calls that make the program a child of a host web server, and how it talks to it. */
const HOSTED: Record<string, { calls: Set<string>; protocol: string }> = {
  'net/http/fcgi': { calls: new Set(['Serve']), protocol: 'FastCGI' },
  'net/http/cgi': { calls: new Set(['Serve', 'Request']), protocol: 'CGI' },
};

const BINDS_PORT = /\bListenAndServe(TLS)?\(/;

const rule: Rule = {
  meta: {
    id: 'port-binding/external-server',
    factor: 'port-binding',
    severity: 'warning',
    languages: ['go'],
    summary: 'The app relies on a host web server (FastCGI/CGI) instead of binding a port',
    textHint: new RegExp(quotedPath(...Object.keys(HOSTED))),
  },
  check({ go, workspace }) {
    if (!go || !go.importsPath((p) => p in HOSTED)) return [];
    if (workspace.packageFiles(path.dirname(go.path), (text) => BINDS_PORT.test(text)).length > 0 || BINDS_PORT.test(go.text)) return [];
    const out: FindingDraft[] = [];
    for (const call of go.calls) {
      const hosted = HOSTED[go.importOf(call.receiver) ?? ''];
      if (!hosted?.calls.has(call.name)) continue;
      out.push({
        range: go.range(call.node),
        message: `the app is served through a host web server over ${hosted.protocol} (${call.callee}) instead of binding a port itself; serve HTTP directly on the port from config (http.ListenAndServe on PORT)`,
      });
    }
    return out;
  },
};

export default rule;
