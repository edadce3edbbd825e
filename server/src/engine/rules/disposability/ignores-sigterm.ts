// SIGTERM is how the platform asks a process to stop. A program that ignores it (`signal.Ignore`) or
// routes it to a channel nothing receives from (`signal.Notify` disables the default "terminate"
// action) keeps running until it is killed, cutting off whatever it was doing. Reported on the call.
import type { Node } from 'web-tree-sitter';
import type { Rule } from '../../rule';
import type { FindingDraft } from '../../types';
import { PackageView } from '../../workspace';
import { callInfo, definitionsOf, fieldReads, usesOfVariable, valueParent, type GoFile } from '../../languages/go';
import { quotedPath } from '../hint-patterns';

const SIGNAL_PACKAGES = new Set(['syscall', 'golang.org/x/sys/unix']);
/** Calls on a channel that neither receive from it nor hand it to code that could. */
const CHANNEL_SETUP = new Set(['Notify', 'Stop', 'Reset']);

const rule: Rule = {
  meta: {
    id: 'disposability/ignores-sigterm',
    factor: 'disposability',
    severity: 'warning',
    languages: ['go'],
    summary: 'The app ignores SIGTERM',
    textHint: new RegExp(quotedPath('os/signal')),
  },
  check({ go, workspace }) {
    if (!go || !go.importsPath((p) => p === 'os/signal')) return [];
    let pkg: PackageView | undefined;
    const out: FindingDraft[] = [];
    for (const call of go.calls) {
      if ((call.name !== 'Ignore' && call.name !== 'Notify') || go.importOf(call.receiver) !== 'os/signal') continue;
      const signals = call.name === 'Ignore' ? call.args : call.args.slice(1);
      // No signals listed means every signal.
      if (signals.length > 0 && !signals.some((s) => isSigterm(go, s))) continue;
      if (call.name === 'Ignore') {
        out.push({
          range: go.range(call.node),
          message: 'the app ignores SIGTERM (signal.Ignore), so the platform cannot stop it and kills it after the grace period; handle SIGTERM by finishing in-flight work and exiting',
        });
        continue;
      }
      const channel = call.args[0];
      if (channel && neverReceived(go, channel, (pkg ??= new PackageView(workspace, go)))) {
        out.push({
          range: go.range(call.node),
          message: `SIGTERM is routed to a channel (${channel.text.replace(/\s+/g, ' ')}) that nothing receives from, so the app ignores it and is killed after the grace period; receive from the channel and shut down gracefully`,
        });
      }
    }
    return out;
  },
};

/** `syscall.SIGTERM`, `unix.SIGTERM`, or a list of signals holding one (`sigs...` with `sigs := []os.Signal{…}`). */
function isSigterm(file: GoFile, signal: Node): boolean {
  if (signal.type === 'selector_expression') {
    const operand = signal.childForFieldName('operand');
    return signal.childForFieldName('field')?.text === 'SIGTERM' && operand?.type === 'identifier' && SIGNAL_PACKAGES.has(file.importOf(operand.text) ?? '');
  }
  const list = signal.type === 'variadic_argument' ? signal.namedChildren[0] : null;
  if (list?.type !== 'identifier') return false;
  return definitionsOf(file, list).some((d) =>
    (d.value?.childForFieldName('body')?.namedChildren ?? []).some((e) => !!e?.namedChildren[0] && isSigterm(file, e.namedChildren[0])),
  );
}

/**
 * Whether a channel given to `signal.Notify` is never received from: every other read of it is
 * another `signal` call. Any other use — a receive, a `range`, passing it on, storing it — may
 * receive, and so counts as handling it. A parameter belongs to the caller, who may receive.
 */
function neverReceived(file: GoFile, channel: Node, pkg: PackageView): boolean {
  if (channel.type === 'call_expression') return callInfo(channel).callee === 'make';
  let reads: Node[];
  if (channel.type === 'identifier') {
    if (definitionsOf(file, channel).some((d) => d.kind === 'param' || d.kind === 'range')) return false;
    reads = usesOfVariable(channel, () => pkg.filesMentioning(channel.text));
  } else if (channel.type === 'selector_expression') {
    const field = channel.childForFieldName('field')?.text ?? '';
    reads = fieldReads(pkg.filesMentioning(`.${field}`), field).filter((n) => !(n.id === channel.id && n.tree === channel.tree));
  } else {
    return false;
  }
  return reads.every((read) => {
    const { parent } = valueParent(read);
    const call = parent?.type === 'argument_list' ? parent.parent : null;
    if (call?.type !== 'call_expression') return false;
    const info = callInfo(call);
    const owner = pkg.fileOf(call) ?? file;
    return CHANNEL_SETUP.has(info.name) && owner.importOf(info.receiver) === 'os/signal';
  });
}

export default rule;
