import { getEnv } from '@/lib/env';

// Runs once when a server process starts: a bad environment stops it here, naming the variable,
// instead of failing on the first request.
export function register() {
  getEnv();
}
