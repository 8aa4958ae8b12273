export { errorCatalog, isErrorCode, type ErrorCode } from './catalog.ts';
export type { ErrorDefinition, Locale, LocalizedText } from './define.ts';
export { AppError, errorBody, type ErrorBody, type ErrorParams } from './app-error.ts';
