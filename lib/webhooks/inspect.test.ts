import { describe, expect, it } from 'vitest';
import { declaresNonJson, inspectDelivery, storableHeaders } from './inspect';
import { signExdata, signGoRoute } from './signatures';

const config = { secrets: { goroute: { current: 'gr' }, exdata: { current: 'ex' } }, toleranceSeconds: 300 };

describe('content type of a delivery', () => {
  it('accepts JSON (with parameters or a +json suffix) and a missing type', () => {
    for (const t of [
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON',
      'application/vnd.goroute+json',
      null,
    ])
      expect(declaresNonJson(t)).toBe(false);
  });

  it('refuses what neither provider sends', () => {
    for (const t of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
    ])
      expect(declaresNonJson(t)).toBe(true);
  });

  it('answers 415 to a signed body with a wrong type, 401 first when it is unsigned', () => {
    const body = JSON.stringify({
      event: 'transaction.created',
      event_id: 'evt_1',
      timestamp: new Date().toISOString(),
      data: {},
    });
    const signed = new Headers({ 'content-type': 'text/plain', 'x-goroute-signature': signGoRoute(body, 'gr') });
    expect(inspectDelivery('goroute', signed, Buffer.from(body), new Date(), config).rejection?.status).toBe(415);
    expect(
      inspectDelivery('goroute', new Headers({ 'content-type': 'text/plain' }), Buffer.from(body), new Date(), config)
        .rejection?.status,
    ).toBe(401);
  });
});

describe('the event of an exdata delivery', () => {
  // A whole second, so X-Timestamp (Unix seconds) is exactly now.
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const completed = JSON.stringify({ event: 'document.completed', data: { id: 'doc_1', status: 'completed' } });
  const exdata = (body: string, headers: Record<string, string> = {}, secret = 'ex') =>
    inspectDelivery(
      'exdata',
      new Headers({
        'content-type': 'application/json',
        'x-delivery': 'd-1',
        'x-timestamp': String(Math.floor(now.getTime() / 1000)),
        'x-signature': signExdata(body, secret),
        ...headers,
      }),
      Buffer.from(body),
      now,
      config,
    );

  it('is the signed body’s, with or without a matching X-Event header', () => {
    expect(exdata(completed)).toMatchObject({
      eventType: 'document.completed',
      signatureResult: 'valid',
      rejection: null,
    });
    expect(exdata(completed, { 'x-event': 'document.completed' })).toMatchObject({
      eventType: 'document.completed',
      signatureResult: 'valid',
      rejection: null,
    });
    // Bodies without exdata's envelope (the demo seed's) name their event by status.
    expect(
      exdata(JSON.stringify({ data: { id: 'doc_1', status: 'blocked' } }), { 'x-event': 'document.blocked' }),
    ).toMatchObject({ eventType: 'document.blocked', rejection: null });
  });

  it('refuses a genuine body relabelled by X-Event with 400, as mismatch', () => {
    expect(exdata(completed, { 'x-event': 'document.blocked' })).toEqual({
      deliveryId: 'd-1',
      eventType: 'document.completed',
      signatureResult: 'mismatch',
      skewSeconds: 0,
      rejection: {
        status: 400,
        reason: 'X-Event header says document.blocked but the signed body is document.completed',
      },
    });
  });

  it('refuses a genuine body that contradicts itself, whatever the header says', () => {
    const self = JSON.stringify({ event: 'document.completed', data: { id: 'doc_1', status: 'error' } });
    expect(exdata(self, { 'x-event': 'document.completed' })).toMatchObject({
      signatureResult: 'mismatch',
      rejection: {
        status: 400,
        reason: 'the signed body contradicts itself: event document.completed but data.status error',
      },
    });
  });

  it('leaves a bad or stale signature what it is: the signature is refused first', () => {
    expect(exdata(completed, { 'x-event': 'document.blocked' }, 'attacker')).toMatchObject({
      signatureResult: 'invalid',
      rejection: { status: 401 },
    });
    const stale = String(Math.floor(now.getTime() / 1000) - 301);
    expect(exdata(completed, { 'x-event': 'document.blocked', 'x-timestamp': stale })).toMatchObject({
      signatureResult: 'stale',
      rejection: { status: 401 },
    });
  });
});

describe('stored headers', () => {
  it('keep neither credentials nor signatures', () => {
    const headers = new Headers({
      'X-Event': 'document.completed',
      'x-signature': 'ab',
      'x-goroute-signature': 'sha256=cd',
      authorization: 'Bearer t',
      cookie: 'c=1',
      'user-agent': 'ua',
    });
    expect(storableHeaders(headers)).toEqual({ 'x-event': 'document.completed', 'user-agent': 'ua' });
  });
});
