import { describe, expect, it } from 'vitest';
import { isConnectionError } from './connection-errors';

describe('isConnectionError', () => {
  it('recognises a lost or refused database connection', () => {
    expect(isConnectionError(Object.assign(new Error('the database system is shutting down'), { code: '57P03' }))).toBe(
      true,
    );
    expect(
      isConnectionError(
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
    ).toBe(true);
    expect(
      isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(true);
  });

  it('leaves everything else alone', () => {
    expect(isConnectionError(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isConnectionError(new TypeError('x is undefined'))).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
    expect(isConnectionError('a string')).toBe(false);
  });
});
