import * as fs from 'fs';
import { indexFiles, scorecard, type Evidence, type Finding, type Scorecard } from '../../server/src/engine';
import { walk } from '../../server/src/scan/walker';
import { testEngine } from './engine';

/** The scorecard of a folder as the CLI computes it, in this process: walk, analyse, collect evidence. */
export async function scorecardOf(root: string): Promise<Scorecard> {
  const engine = await testEngine();
  const files = walk([root], () => undefined);
  const findings: Finding[] = [];
  const evidence: Evidence[] = [];
  for (const file of files) {
    const input = { path: file.absPath, text: fs.readFileSync(file.absPath, 'utf8'), relativePath: file.scanRelative };
    findings.push(...engine.analyze(input));
    evidence.push(...engine.evidence(input));
  }
  return scorecard(findings, evidence, indexFiles(root, files.map((f) => f.absPath), (p) => engine.workspace.readFile(p)));
}
