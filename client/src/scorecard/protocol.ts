// The scorecard's messages, as the server defines them (types and names only, no engine code).
import type { Scorecard } from '../../../server/src/protocol';

export {
  EXPORT_SARIF_REQUEST,
  RESCAN_REQUEST,
  SCORECARD_CHANGED_NOTIFICATION,
  SCORECARD_REQUEST,
  type ExportSarifParams,
  type ScorecardParams,
} from '../../../server/src/protocol';

/** The server's change notification carries no params; a client also accepts one carrying the scorecard. */
export type ScorecardChangedParams = Scorecard | undefined;
