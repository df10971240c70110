/** The `.dx` scratch-pad language: parse, analyse (values, partials, claims), and targets for the inspector. */
export { parseDx, isDxName, DX_KEYWORDS, type DxParse, type DxStatement, type DxExpr, type DxName, type DxComment } from './parse';
export {
  analyzeDx, DxCache, type DxAnalysis, type DxResult, type DxPartial, type DxForms, type DxDiagnostic, type DxFix, type DxSeverity,
  type DxClaimResult, type DxDefinition, type DxOptions,
} from './analyze';
export { dxTarget, dxTargetAt, dxResultAt, type DxTarget } from './target';
