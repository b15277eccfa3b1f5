import type { Env } from '@/lib/env';
import { postJson } from './http';
import type { Channel } from './message';
import { alertPayload } from './webhook';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The provider sandbox's alert sink, when (and only when) the app runs against the local sandbox:
 * test mode, and GoRoute's base URL is the sandbox's `/goroute` mount on this machine (how
 * scripts/lib/provider-env.ts wires it). A real GoRoute URL never matches, so production cannot post here.
 */
export function sandboxSinkUrl(env: Pick<Env, 'GOROUTE_BASE_URL' | 'GOROUTE_MODE'>): string | null {
  if (env.GOROUTE_MODE !== 'test' || !env.GOROUTE_BASE_URL) return null;
  const u = new URL(env.GOROUTE_BASE_URL);
  if (!LOOPBACK.has(u.hostname) || u.pathname.replace(/\/$/, '') !== '/goroute') return null;
  return `${u.origin}/_control/sink/alerts`;
}

export function sandboxChannel(sinkUrl: string): Channel {
  return { name: 'sandbox', target: sinkUrl, send: (m) => postJson(sinkUrl, alertPayload(m)) };
}
