// The scorecard's messages between the client and the language server. The names live here until
// the server's protocol module is shared; then these constants point at it.
import type { Scorecard } from '../../../server/src/engine/scorecard/types';

/** Request: the workspace's scorecard. Without `root` the server scores the whole workspace. */
export const SCORECARD_REQUEST = 'twelveFactor/scorecard';
export interface ScorecardParams {
  root?: string;
}

/** Notification from the server: the scorecard may have changed (optionally carrying the new one). */
export const SCORECARD_CHANGED_NOTIFICATION = 'twelveFactor/scorecardChanged';
export type ScorecardChangedParams = Scorecard | undefined;

/** Request: rescan the whole workspace from disk; resolves when the scan is done. */
export const RESCAN_REQUEST = 'twelveFactor/rescan';

/** Request: the workspace's findings as a SARIF 2.1.0 log (the CLI's `--format sarif`), as a JSON object. */
export const EXPORT_SARIF_REQUEST = 'twelveFactor/exportSarif';
export interface ExportSarifParams {
  root?: string;
}
