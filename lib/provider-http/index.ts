export { ProviderError, errorKinds, isProviderError, type ErrorDetail, type ErrorKind } from './errors';
export { kindForStatus } from './classify';
export { parseRetryAfter } from './retry-after';
export { createHttp, DEFAULT_TIMEOUT_MS, type ApiCallRecord, type CallContext, type Http, type HttpOptions } from './http';
export { createTokenBucket, type TokenBucket } from './rate-limit';
