// The scorecard's data: per app, per factor in order I–XII, a status with the findings and the
// evidence behind it. The engine computes it; the CLI, the LSP server and the client only show it.
import type { FactorSlug, Range, Severity } from '../types';

/**
 * `fail`: an error-level finding; `warn`: warnings or information only; `pass`: assessed, nothing
 * found; `not-assessed`: the app has no file any rule of the factor could look at (never a pass).
 */
export type FactorStatus = 'pass' | 'warn' | 'fail' | 'not-assessed';

/** A place in the workspace: path relative to the scorecard's root (forward slashes), and a range. */
export interface ScoreLocation {
  path: string;
  range: Range;
}

export interface ScoreFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: ScoreLocation;
}

/** Something the app does right (the catalog's "Evidence" list), with where it was seen. */
export interface Evidence {
  factor: FactorSlug;
  /** Stable id, e.g. `config-loader`, `lockfile`, `multi-stage-dockerfile`. */
  kind: string;
  /** One line a person reads: "Config loaded from the environment in LoadConfig". */
  description: string;
  location: ScoreLocation;
}

export interface FactorScore {
  factor: FactorSlug;
  /** Roman numeral, `III`. */
  numeral: string;
  /** `Config`. */
  title: string;
  /** The factor's one-line principle. */
  principle: string;
  /** https://12factor.net/<slug> */
  url: string;
  status: FactorStatus;
  findings: ScoreFinding[];
  evidence: Evidence[];
}

export interface AppScorecard {
  /** The app root relative to the scorecard's root ('.' for the root itself). */
  root: string;
  /** A display name: the module path's last element, package.json name, or the folder name. */
  name: string;
  /** Always twelve entries, in order I–XII. */
  factors: FactorScore[];
  score: {
    /** Factors with status `pass`. */
    passed: number;
    /** Factors not `not-assessed`. */
    assessed: number;
    counts: { error: number; warning: number; information: number };
  };
}

export interface Scorecard {
  /** Absolute path the relative paths are relative to. */
  root: string;
  apps: AppScorecard[];
}
