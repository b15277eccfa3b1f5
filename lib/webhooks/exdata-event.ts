import type { ExdataStatus } from '@/db/schema/enums';
import { obj, str } from '@/lib/json';

// exdata signs only the body; its X-Event header is not signed, so what a delivery does is read from the body.
const statusAfter: Record<string, ExdataStatus> = {
  'document.completed': 'completed',
  'document.failed': 'error',
  'document.blocked': 'blocked',
};
const eventFor: Record<string, string> = {
  completed: 'document.completed',
  error: 'document.failed',
  blocked: 'document.blocked',
};

/**
 * What a signed exdata body says happened: its event (null when it names none), or that it contradicts itself —
 * an `event` we act on with another `data.status` — in which case neither is believed.
 */
export type SignedExdataEvent =
  { kind: 'event'; event: string | null } | { kind: 'contradiction'; event: string; status: string };

/**
 * The body's own `event` when it has one (exdata's envelope); else the event its `data.status` stands for (bodies
 * without an envelope, as the demo seed writes them). Lookups are own keys only: "toString" is no event.
 */
export function signedExdataEvent(body: Record<string, unknown> | null): SignedExdataEvent {
  const status = str(obj(body?.data).status);
  const event = str(body?.event);
  if (event === null)
    return { kind: 'event', event: status !== null && Object.hasOwn(eventFor, status) ? eventFor[status]! : null };
  const expected = exdataStatusAfter(event);
  if (expected !== null && status !== null && status !== expected) return { kind: 'contradiction', event, status };
  return { kind: 'event', event };
}

/** The exdata status a document has after an event we act on; null for any other event. */
export function exdataStatusAfter(event: string): ExdataStatus | null {
  return Object.hasOwn(statusAfter, event) ? statusAfter[event]! : null;
}

const clip = (s: string) => (s.length > 100 ? `${s.slice(0, 100)}…` : s);

export function contradictionReason(signed: Extract<SignedExdataEvent, { kind: 'contradiction' }>): string {
  return `the signed body contradicts itself: event ${clip(signed.event)} but data.status ${clip(signed.status)}`;
}

/**
 * Why a validly signed delivery must be refused although its signature holds: its unsigned X-Event header names
 * another event than the signed body (a genuine body relabelled), or the body contradicts itself. Null when
 * neither; a missing header is no contradiction.
 */
export function exdataEventMismatch(header: string | null, signed: SignedExdataEvent): string | null {
  if (signed.kind === 'contradiction') return contradictionReason(signed);
  if (!header || header === signed.event) return null;
  return `X-Event header says ${clip(header)} but the signed body ${signed.event === null ? 'names no event' : `is ${clip(signed.event)}`}`;
}
