// Ids the manifest (package.json) and the code share: the view, its commands and context keys.
export const VIEW_ID = 'twelveFactor.scorecard';
export const RESCAN_COMMAND = 'twelveFactor.rescan';
export const OPEN_REPORT_COMMAND = 'twelveFactor.openReport';
export const EXPORT_REPORT_COMMAND = 'twelveFactor.exportReport';
/** Opens a file at a range; the report's links call it (the only command its webview may run). */
export const OPEN_LOCATION_COMMAND = 'twelveFactor.openLocation';
/** Returns the scorecard as the server has it now; for tests and other extensions, hidden from the palette. */
export const GET_SCORECARD_COMMAND = 'twelveFactor.getScorecard';
/** Context keys the welcome views and command enablement read. */
export const HAS_APP_CONTEXT = 'twelveFactor.hasApp';
export const READY_CONTEXT = 'twelveFactor.scorecardReady';
