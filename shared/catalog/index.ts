export type {
  EngineSupport,
  ParamCategory,
  ParamDef,
  ParamGroup,
  ParamIssue,
  ParamType,
  ParamUnit,
  ParamValue,
  ParseResult,
} from './types';
export { CATALOG, PARAM_NAMES, getParam, defaultValue } from './catalog';
export { parseParamInput, validateParamValue, formatParamValue, paramValueEquals } from './parse';
export type { FormatOptions } from './format';
export { checkCrossRules, CROSS_RULE_IDS } from './rules';
export { describeAllowed } from './describe';
