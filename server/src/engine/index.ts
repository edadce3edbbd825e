// Public surface of the engine for the LSP server, the CLI and tests.
export { Engine, type AnalyzeInput, type EngineOptions } from './engine';
export { ALL_RULE_METAS, ENGINE_RULES, docsPathOf } from './engine-rules';
export { isRuleSetting, SETTINGS_FILE_NAMES, type Overrides, type RuleSetting } from './settings';
export { FACTORS, factorOf, type Factor } from './factors';
export { RULES, ruleById } from './registry';
export { isTestPath, languageOf } from './files';
export type { FileSystemView } from './workspace';
export type { SurveyedFile } from './rules/module-survey';
export type { Finding, FactorSlug, Position, Range, RuleMeta, Severity } from './types';
export type { Fix, FileChange, FixKind, TextEdit } from './fixes/types';
export { appsOfPath, COLLECTORS, indexFiles, scorecard, scorecardMarkdown, type IndexedApp, type ScoreIndex } from './scorecard';
export type { AppScorecard, Evidence, FactorScore, FactorStatus, ScoreFinding, ScoreLocation, Scorecard } from './scorecard/types';
export { docsLinkOf, type CodeAction, type DocsLink } from './fixes/code-actions';
