import { describe, expect, it } from 'vitest';
import { declaresNonJson, inspectDelivery } from './inspect';
import { signGoRoute } from './signatures';

const config = { secrets: { goroute: { current: 'gr' }, exdata: { current: 'ex' } }, toleranceSeconds: 300 };

describe('content type of a delivery', () => {
  it('accepts JSON (with parameters or a +json suffix) and a missing type', () => {
    for (const t of ['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/vnd.goroute+json', null]) expect(declaresNonJson(t)).toBe(false);
  });

  it('refuses what neither provider sends', () => {
    for (const t of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) expect(declaresNonJson(t)).toBe(true);
  });

  it('answers 415 to a signed body with a wrong type, 401 first when it is unsigned', () => {
    const body = JSON.stringify({ event: 'transaction.created', event_id: 'evt_1', timestamp: new Date().toISOString(), data: {} });
    const signed = new Headers({ 'content-type': 'text/plain', 'x-goroute-signature': signGoRoute(body, 'gr') });
    expect(inspectDelivery('goroute', signed, Buffer.from(body), new Date(), config).rejection?.status).toBe(415);
    expect(inspectDelivery('goroute', new Headers({ 'content-type': 'text/plain' }), Buffer.from(body), new Date(), config).rejection?.status).toBe(401);
  });
});
