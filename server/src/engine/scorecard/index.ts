// The scorecard's public surface: computing it, its data, and its Markdown form.
export { scorecard } from './scorecard';
export { indexFiles, appsOfPath, type IndexedApp, type ScoreIndex } from './apps';
export { scorecardMarkdown } from './markdown';
export { COLLECTORS } from './evidence';
export type * from './types';
