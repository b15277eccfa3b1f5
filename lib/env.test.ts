import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv, parseStartEnv } from './env';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', NEXTAUTH_SECRET: 'x'.repeat(32) };

function problems(source: Record<string, string>) {
  try {
    parseEnv(source);
  } catch (e) {
    if (e instanceof EnvError) return e.message;
    throw e;
  }
  return '';
}

describe('environment', () => {
  it('accepts the minimum and fills defaults', () => {
    const env = parseEnv(base);
    expect(env.PORT).toBe(3000);
    expect(env.GOROUTE_MODE).toBe('test');
    expect(env.EXDATA_WEBHOOK_TOLERANCE_SECONDS).toBe(300);
  });

  it('names every missing or malformed variable', () => {
    const message = problems({ DATABASE_URL: 'mysql://x', PORT: 'abc' });
    expect(message).toContain('DATABASE_URL: must be a postgres://');
    expect(message).toContain('NEXTAUTH_SECRET');
    expect(message).toContain('PORT');
  });

  it('refuses live mode without live credentials', () => {
    expect(problems({ ...base, GOROUTE_MODE: 'live' })).toContain(
      'GOROUTE_API_KEY_LIVE: is required when GOROUTE_MODE=live',
    );
    expect(problems({ ...base, EXDATA_MODE: 'live' })).toContain('EXDATA_TOKEN_LIVE');
    expect(problems({ ...base, EXDATA_MODE: 'sandbox' })).toContain('EXDATA_MODE');
  });

  it('wants the three OIDC variables together', () => {
    expect(problems({ ...base, OIDC_ISSUER: 'https://id.example.test' })).toContain('must be set together');
    expect(
      problems({ ...base, OIDC_ISSUER: 'https://id.example.test', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' }),
    ).toBe('');
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ ...base, GOROUTE_BASE_URL: '' }).GOROUTE_BASE_URL).toBeUndefined();
  });

  it('checks what npm start reads before it has a database', () => {
    expect(parseStartEnv({}).DATA_DIR).toBe('.data');
    expect(() => parseStartEnv({ DEMO_PASSWORD: 'short' })).toThrow(/DEMO_PASSWORD: must be at least 8/);
    expect(() => parseStartEnv({ DATABASE_URL: 'http://x' })).toThrow(/DATABASE_URL/);
  });
});
