// The custom messages between the language server and the client, beyond LSP. Types only and
// names: the client imports this module without pulling in the engine.
import type { Scorecard } from './engine/scorecard/types';

export type { AppScorecard, Evidence, FactorScore, FactorStatus, ScoreFinding, ScoreLocation, Scorecard } from './engine/scorecard/types';

/** Request: the scorecard of the workspace folders (or of one folder). Result: `Scorecard`. */
export const SCORECARD_REQUEST = 'twelveFactor/scorecard';

export interface ScorecardParams {
  /**
   * A folder to score (absolute path or `file:` URI), e.g. one workspace folder; by default every
   * workspace folder, with paths relative to the folder they share.
   */
  root?: string;
}

export type ScorecardResult = Scorecard;

/**
 * Notification, no params: findings or evidence changed (an edit, a save, a file changed on disk, a
 * scan); ask for the scorecard again. Sent at most once per quiet period of this many milliseconds.
 */
export const SCORECARD_CHANGED_NOTIFICATION = 'twelveFactor/scorecardChanged';
export const SCORECARD_CHANGED_DEBOUNCE_MS = 300;

/** Request, no params: rescan the workspace from disk; resolves once the scan is done. */
export const RESCAN_REQUEST = 'twelveFactor/rescan';

/** Request: the findings of the workspace folders (or one folder) as a SARIF 2.1.0 log, the CLI's `--format sarif`. */
export const EXPORT_SARIF_REQUEST = 'twelveFactor/exportSarif';
export type ExportSarifParams = ScorecardParams;
