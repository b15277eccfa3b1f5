import { describe, expect, it } from 'vitest';
import { normalizeParticipantId } from '@/lib/identifiers';
import { buildDemoData } from './demo-data';

const actorIds = {
  admin: '00000000-0000-4000-8000-000000000001',
  support: '00000000-0000-4000-8000-000000000002',
  finance: '00000000-0000-4000-8000-000000000003',
  manager: '00000000-0000-4000-8000-000000000004',
};

describe('the demo transactions', () => {
  it('store every party as the pipeline does: a normal participant ID with its scheme', () => {
    const { transactions } = buildDemoData({ actorIds, now: new Date('2026-03-14T10:30:00Z') });
    expect(transactions.length).toBeGreaterThan(0);
    for (const t of transactions) {
      for (const [scheme, id] of [
        [t.senderScheme, t.senderIdentifier],
        [t.receiverScheme, t.receiverIdentifier],
      ] as const) {
        if (id == null) continue;
        expect(normalizeParticipantId(id), id).toBe(id);
        expect(scheme).toBe(id.slice(0, 4));
      }
    }
  });
});
