import { describe, expect, it } from 'vitest';
import { buildDemoData } from '@/demo/seed/demo-data';
import { exdataEventMismatch, exdataStatusAfter, signedExdataEvent } from './exdata-event';

describe('the event of a signed exdata body', () => {
  it("is the body's own event (exdata's envelope, as the sandbox sends it)", () => {
    expect(signedExdataEvent({ event: 'document.completed', data: { id: 'doc_1', status: 'completed' } })).toEqual({
      kind: 'event',
      event: 'document.completed',
    });
    expect(signedExdataEvent({ event: 'document.failed', data: { id: 'doc_1', status: 'error' } })).toEqual({
      kind: 'event',
      event: 'document.failed',
    });
    // Without a status the event alone decides.
    expect(signedExdataEvent({ event: 'document.blocked', data: { id: 'doc_1' } })).toEqual({
      kind: 'event',
      event: 'document.blocked',
    });
    // An event we do not act on is taken as it is: it ends `ignored`, whatever its status.
    expect(signedExdataEvent({ event: 'document.archived', data: { status: 'completed' } })).toEqual({
      kind: 'event',
      event: 'document.archived',
    });
  });

  it('comes from data.status when the body has no event (bodies as the demo seed writes them)', () => {
    expect(signedExdataEvent({ data: { id: 'doc_1', status: 'completed' } })).toEqual({
      kind: 'event',
      event: 'document.completed',
    });
    expect(signedExdataEvent({ data: { id: 'doc_1', status: 'error' } })).toEqual({
      kind: 'event',
      event: 'document.failed',
    });
    expect(signedExdataEvent({ data: { id: 'doc_1', status: 'blocked' } })).toEqual({
      kind: 'event',
      event: 'document.blocked',
    });
    expect(signedExdataEvent({ event: 42, data: { status: 'blocked' } })).toEqual({
      kind: 'event',
      event: 'document.blocked',
    });
  });

  it('is none for anything else, Object property names included', () => {
    for (const body of [
      {},
      { data: { status: 'pending' } },
      { data: { status: 'toString' } },
      { data: 'completed' },
      { event: '', data: {} },
      null,
    ]) {
      expect(signedExdataEvent(body)).toEqual({ kind: 'event', event: null });
    }
    expect(exdataStatusAfter('toString')).toBeNull();
    expect(exdataStatusAfter('document.failed')).toBe('error');
  });

  it('is a contradiction when the body names an event we act on and another status', () => {
    expect(signedExdataEvent({ event: 'document.completed', data: { status: 'error' } })).toEqual({
      kind: 'contradiction',
      event: 'document.completed',
      status: 'error',
    });
    expect(signedExdataEvent({ event: 'document.blocked', data: { status: 'pending' } })).toMatchObject({
      kind: 'contradiction',
    });
  });

  it('gives every demo exdata delivery the event it is stored under', () => {
    const data = buildDemoData({
      actorIds: { admin: 'a', support: 's', finance: 'f', manager: 'm' },
      now: new Date('2026-03-14T10:30:00Z'),
    });
    const exdata = data.webhookDeliveries.filter((w) => w.provider === 'exdata' && w.body);
    expect(exdata.length).toBeGreaterThan(10);
    for (const w of exdata)
      expect(signedExdataEvent(JSON.parse(w.body!) as Record<string, unknown>), w.body!).toEqual({
        kind: 'event',
        event: w.eventType,
      });
  });
});

describe('an X-Event header against the signed body', () => {
  const completed = signedExdataEvent({ event: 'document.completed', data: { status: 'completed' } });

  it('agrees when it names the same event, or is absent', () => {
    expect(exdataEventMismatch('document.completed', completed)).toBeNull();
    expect(exdataEventMismatch(null, completed)).toBeNull();
    expect(exdataEventMismatch('', completed)).toBeNull();
  });

  it('contradicts when it names another event, or one where the body names none', () => {
    expect(exdataEventMismatch('document.blocked', completed)).toBe(
      'X-Event header says document.blocked but the signed body is document.completed',
    );
    expect(exdataEventMismatch('document.blocked', signedExdataEvent({ data: { status: 'pending' } }))).toBe(
      'X-Event header says document.blocked but the signed body names no event',
    );
  });

  it('cannot rescue a body that contradicts itself', () => {
    const self = signedExdataEvent({ event: 'document.completed', data: { status: 'error' } });
    expect(exdataEventMismatch('document.completed', self)).toBe(
      'the signed body contradicts itself: event document.completed but data.status error',
    );
    expect(exdataEventMismatch(null, self)).toMatch(/contradicts itself/);
  });
});
