import { Run, type Instruction } from 'dockerfile-ast';
import type { Rule } from '../../rule';
import { instructionScript, isNonReleaseDockerfile, stageChain, stagesOf } from '../../languages/dockerfile';
import { commandsOf, type Invocation } from '../../languages/shell';
import { buildStep } from '../build-commands';

interface Toolchain {
  /** How the message names the image: `golang`, `eclipse-temurin JDK`. */
  image: string;
  /** What the runtime image should receive: `the binary`, `the jar`. */
  artifact: string;
  /** Python compiles C extensions only with a C toolchain (the full image has one; slim and alpine need it installed). */
  needsCompilers?: boolean;
}

/** The toolchain a base image brings, or undefined for runtime images (`eclipse-temurin:21-jre`, `alpine`). */
function toolchainOf(image: string, tag: string): Toolchain | undefined {
  const path = image.toLowerCase().split('/');
  const name = path[path.length - 1];
  const jre = /jre/i.test(tag);
  switch (name) {
    case 'golang':
      return { image: 'golang', artifact: 'the binary' };
    case 'rust':
      return { image: 'rust', artifact: 'the binary' };
    case 'gcc':
      return { image: 'gcc', artifact: 'the binary' };
    case 'maven':
    case 'gradle':
      return { image: name, artifact: 'the jar' };
    case 'openjdk':
    case 'eclipse-temurin':
    case 'amazoncorretto':
    case 'adoptopenjdk':
    case 'sapmachine':
    case 'ibm-semeru-runtimes':
      return jre ? undefined : { image: `${name} JDK`, artifact: 'the jar' };
    case 'sdk':
      return path[path.length - 2] === 'dotnet' || path.slice(-3).join('/') === 'dotnet/core/sdk' ? { image: '.NET SDK', artifact: 'the published app' } : undefined;
    case 'node':
      return { image: 'node', artifact: 'the build output' };
    case 'python':
      return { image: 'python', artifact: 'the built packages', needsCompilers: true };
  }
  return undefined;
}

const C_TOOLCHAIN = /^(build-essential|gcc|g\+\+|clang|alpine-sdk|build-base)$/;

/** Compiling in a RUN: the build commands of build-commands.ts, plus make and Python's package builds. */
function compileStep(invocation: Invocation, pythonNeedsCompilers: boolean): string | undefined {
  const step = buildStep(invocation, undefined, new Set());
  if (step?.kind === 'build') return step.label;
  const { name, args } = invocation;
  const words = args.map((a) => a.value);
  if (name === 'make' || name === 'cmake') return name;
  if (/^pip[0-9.]*$/.test(name) && words[0] === 'wheel') return 'pip wheel';
  if (/^python[0-9.]*$/.test(name)) {
    if (words[0] === 'setup.py' && /^(build|build_ext|bdist_wheel|install)$/.test(words[1] ?? '')) return `python setup.py ${words[1]}`;
    if (words[0] === '-m' && words[1] === 'build') return 'python -m build';
  }
  // With a C toolchain installed for it, installing packages compiles their extensions.
  if (pythonNeedsCompilers && step?.kind === 'install' && /pip|poetry|pipenv/.test(step.label)) return step.label;
  return undefined;
}

function installsCompilers(invocation: Invocation): boolean {
  const words = invocation.args.map((a) => a.value);
  const installs = (['apt-get', 'apt', 'yum', 'dnf', 'microdnf'].includes(invocation.name) && words[0] === 'install') || (invocation.name === 'apk' && words[0] === 'add');
  return installs && words.some((w) => C_TOOLCHAIN.test(w));
}

const rule: Rule = {
  meta: {
    id: 'build-release-run/single-stage-dockerfile',
    factor: 'build-release-run',
    severity: 'warning',
    languages: ['dockerfile'],
    summary: 'The shipped image is the toolchain image the app was compiled in',
  },
  check({ dockerfile, text, relativePath }) {
    // A development or builder image is meant to carry its toolchain.
    if (!dockerfile || isNonReleaseDockerfile(relativePath)) return [];
    const stages = stagesOf(dockerfile);
    const final = stages[stages.length - 1];
    if (!final) return [];
    const chain = stageChain(final);
    const base = chain[chain.length - 1].from;
    const image = base.getImageName();
    if (!image || image.includes('$')) return [];
    const toolchain = toolchainOf(image, base.getImageTag() ?? '');
    if (!toolchain) return [];
    // Stages the shipped image is built on, oldest first: a compile anywhere in them ships with it.
    const runs = [...chain].reverse().flatMap((s) => s.instructions).filter((i): i is Instruction => i instanceof Run);
    const invocations = runs.flatMap((run) => commandsOf(instructionScript(dockerfile, run, text)).flatMap((v) => (v.invocation ? [v.invocation] : [])));
    const compilersInstalled = invocations.some(installsCompilers);
    // The full python image carries gcc; slim and alpine ones compile only once a C toolchain is installed.
    if (toolchain.needsCompilers && !compilersInstalled && /slim|alpine/.test(base.getImageTag() ?? '')) return [];
    const compile = invocations.map((inv) => compileStep(inv, !!toolchain.needsCompilers && compilersInstalled)).find((c) => c !== undefined);
    if (!compile) return [];
    return [{
      range: final.from.getRange(),
      message: `final stage runs on the ${toolchain.image} toolchain image and compiles there (${compile}); build in a builder stage and copy ${toolchain.artifact} into a small runtime image (multi-stage build)`,
      data: { image: base.getImage() ?? image, compile },
    }];
  },
};

export default rule;
