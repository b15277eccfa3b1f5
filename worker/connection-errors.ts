/**
 * Whether an error means "the connection to PostgreSQL is gone" (server restarting, shutting down, unreachable)
 * rather than a bug: SQLSTATE class 08 (connection exception), 57P01–57P03 (admin shutdown, crash shutdown,
 * cannot connect now), a refused or reset socket, or node-postgres's own "Connection terminated" messages.
 */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  return (
    /^08/.test(code) ||
    /^57P0[123]$/.test(code) ||
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code) ||
    /connection terminated|terminating connection|timeout exceeded when trying to connect/i.test(message)
  );
}
