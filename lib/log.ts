import pino from 'pino';
import { currentCorrelationId } from './correlation';
import { getEnv } from './env';

/**
 * Structured JSON logs. Known secret-bearing fields are redacted at the logger, so a careless
 * `log.info({ headers })` cannot leak a key or token.
 */
export const log = pino({
  level: getEnv().LOG_LEVEL,
  base: { service: 'invoice-ops' },
  // Every line written while handling a webhook, an action or a job carries that work's correlation ID.
  mixin: () => {
    const correlationId = currentCorrelationId();
    return correlationId ? { correlationId } : {};
  },
  redact: {
    paths: [
      '*.authorization',
      '*.Authorization',
      '*["x-api-key"]',
      '*.apiKey',
      '*.token',
      '*.password',
      '*.secret',
      'headers.cookie',
    ],
    censor: '[redacted]',
  },
});
