import { describe, expect, it } from 'vitest';
import { buildCompanies, OUR_COMPANY } from '@/demo/world/companies';
import { buildDemoData } from './demo-data';
import {
  belgianEnterpriseNumber,
  dutchVat,
  frenchVat,
  generateGln,
  generateIban,
  germanVat,
  luxembourgVat,
} from '@/demo/world/identifiers';
import { formatCents, taxCents } from '@/demo/world/amounts';
import {
  ibanCheckDigits,
  isValidBelgianVat,
  isValidDutchVat,
  isValidGermanVat,
  isValidGln,
  isValidIban,
  mod97,
  PEPPOL_ID_REGEX,
  VAT_REGEX,
} from '@/lib/identifiers';
import { mulberry32, Rng } from '@/demo/world/prng';

const actorIds = {
  admin: '00000000-0000-4000-8000-000000000001',
  support: '00000000-0000-4000-8000-000000000002',
  finance: '00000000-0000-4000-8000-000000000003',
  manager: '00000000-0000-4000-8000-000000000004',
};
const now = new Date('2026-03-14T10:30:00Z');

/** An independent IBAN check (character-by-character mod 97 with BigInt), so the test does not reuse the code under test. */
function ibanMod97(iban: string): bigint {
  const r = iban.slice(4) + iban.slice(0, 4);
  const digits = r.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return BigInt(digits) % 97n;
}

describe('PRNG', () => {
  it('mulberry32 gives the same sequence for the same seed and a different one for another seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });

  it('Rng helpers are deterministic and stay in range', () => {
    const r1 = new Rng('x');
    const r2 = new Rng('x');
    expect([r1.int(1, 6), r1.hex(8), r1.alnum(10), r1.uuid()]).toEqual([
      r2.int(1, 6),
      r2.hex(8),
      r2.alnum(10),
      r2.uuid(),
    ]);
    const r = new Rng(7);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 5);
      expect(n >= 3 && n <= 5).toBe(true);
    }
    expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('IBAN', () => {
  it('matches known real-world examples', () => {
    expect(isValidIban('BE68539007547034')).toBe(true);
    expect(isValidIban('NL91ABNA0417164300')).toBe(true);
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('BE68539007547035')).toBe(false);
    expect(ibanCheckDigits('DE', '370400440532013000')).toBe('89');
  });

  it('generated IBANs pass mod-97 validation and have the national length', () => {
    const rng = new Rng('iban-test');
    const cases: [string, string, number][] = [
      ['BE', '735', 16],
      ['NL', 'RABO', 18],
      ['DE', '37040044', 22],
      ['FR', '3000400828', 27],
      ['LU', '001', 20],
      ['LT', '32500', 20],
    ];
    for (const [country, bank, length] of cases) {
      for (let i = 0; i < 200; i++) {
        const iban = generateIban(rng, country, bank);
        expect(iban).toHaveLength(length);
        expect(ibanMod97(iban)).toBe(1n);
        expect(isValidIban(iban)).toBe(true);
      }
    }
  });

  it('Belgian IBANs carry a valid national check (first 10 digits mod 97)', () => {
    const rng = new Rng('be-national');
    for (let i = 0; i < 200; i++) {
      const bban = generateIban(rng, 'BE', '363').slice(4);
      expect((mod97(bban.slice(0, 10)) || 97) === Number(bban.slice(10))).toBe(true);
    }
  });
});

describe('VAT IDs and Peppol identifiers', () => {
  it('match their national formats and check digits', () => {
    const rng = new Rng('vat-test');
    for (let i = 0; i < 300; i++) {
      const be = 'BE' + belgianEnterpriseNumber(rng);
      expect(be).toMatch(VAT_REGEX.BE!);
      expect(isValidBelgianVat(be)).toBe(true);
      const nl = dutchVat(rng);
      expect(nl).toMatch(VAT_REGEX.NL!);
      expect(isValidDutchVat(nl)).toBe(true);
      const de = germanVat(rng);
      expect(de).toMatch(VAT_REGEX.DE!);
      expect(isValidGermanVat(de)).toBe(true);
      expect(frenchVat(rng)).toMatch(VAT_REGEX.FR!);
      expect(luxembourgVat(rng)).toMatch(VAT_REGEX.LU!);
      const gln = generateGln(rng, '541');
      expect(isValidGln(gln)).toBe(true);
    }
    expect(isValidBelgianVat(OUR_COMPANY.vatId)).toBe(true);
    expect(isValidBelgianVat('BE0790123456')).toBe(false);
    expect(isValidGln('5790000435975')).toBe(true);
  });

  it('every demo company has a valid VAT ID, IBAN and Peppol ID, all unique', () => {
    const companies = buildCompanies();
    expect(companies.length).toBeGreaterThanOrEqual(25);
    for (const c of companies) {
      expect(c.vatId).toMatch(VAT_REGEX[c.country]!);
      expect(isValidIban(c.iban)).toBe(true);
      expect(c.iban.slice(0, 2)).toBe(c.country);
      expect(c.peppolId).toMatch(PEPPOL_ID_REGEX[c.peppolScheme]!);
      if (c.peppolScheme === '0088') expect(isValidGln(c.peppolIdentifier)).toBe(true);
      if (c.peppolScheme === '0208') expect(c.peppolIdentifier).toBe(c.vatId.slice(2));
    }
    for (const key of ['vatId', 'iban', 'peppolId'] as const)
      expect(new Set(companies.map((c) => c[key])).size).toBe(companies.length);
    expect(new Set(companies.map((c) => c.peppolScheme))).toEqual(new Set(['0208', '9925', '0088', '0106', '9930']));
  });
});

describe('money', () => {
  it('formats integer cents as decimal strings without floats', () => {
    expect(formatCents(123456)).toBe('1234.56');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(-1210)).toBe('-12.10');
    expect(() => formatCents(1.5)).toThrow();
    expect(taxCents(100000, 2100)).toBe(21000);
    expect(taxCents(333, 2100)).toBe(70); // 69.93 rounds half up to 70
  });
});

describe('buildDemoData', () => {
  const data = buildDemoData({ actorIds, now });

  it('is deterministic for a given now', () => {
    expect(JSON.stringify(buildDemoData({ actorIds, now }))).toBe(JSON.stringify(data));
  });

  it('has every pipeline state, mostly delivered, and never a timestamp after now', () => {
    const states = new Map<string, number>();
    for (const d of data.documents) states.set(d.pipelineState!, (states.get(d.pipelineState!) ?? 0) + 1);
    expect(states.size).toBe(11);
    expect(Math.max(...states.values())).toBe(states.get('delivered'));
    const stamps = [
      ...data.documents.flatMap((d) => [d.createdAt, d.updatedAt, d.stateChangedAt]),
      ...data.transactions.flatMap((t) => [t.createdAt, t.updatedAt, t.statusChangedAt, t.deliveredAt]),
      ...data.apiCalls.map((a) => a.createdAt),
      ...data.webhookDeliveries.flatMap((w) => [w.receivedAt, w.processedAt, w.lastDuplicateAt]),
      ...data.timelineEvents.map((e) => e.createdAt),
      ...data.auditLog.map((a) => a.createdAt),
    ];
    for (const s of stamps) if (s) expect(s.getTime()).toBeLessThanOrEqual(now.getTime());
  });

  it('keeps amounts as decimal strings and links every outbound transaction to a sendable document', () => {
    for (const d of data.documents) if (d.grossAmount != null) expect(d.grossAmount).toMatch(/^\d+\.\d{2}$/);
    const docs = new Map(data.documents.map((d) => [d.id, d]));
    const outbound = data.transactions.filter((t) => t.direction === 'outbound');
    const sendable = data.documents.filter((d) =>
      ['approved', 'sending', 'delivered', 'send_failed', 'dead_letter'].includes(d.pipelineState!),
    );
    expect(outbound).toHaveLength(sendable.length);
    for (const t of outbound) expect(t.sendIdempotencyKey).toBe(`send:${docs.get(t.documentId!)!.sourceId}`);
  });

  it('never stores a secret-looking header or token in provider call rows', () => {
    for (const a of data.apiCalls) expect(JSON.stringify(a)).not.toMatch(/bearer|x-api-key|authorization/i);
  });

  it('stores webhook headers as the receiver does: no signature values, the verdict only', () => {
    expect(data.webhookDeliveries.some((w) => w.headers && 'x-event' in (w.headers as object))).toBe(true);
    for (const w of data.webhookDeliveries)
      expect(Object.keys(w.headers as object).filter((k) => k.includes('signature'))).toEqual([]);
  });

  it("tells one story (docs/business.md): sends go in the supplier's name to its customer, inbound invoices come for a client supplier", () => {
    const companies = buildCompanies();
    // Stored as scheme + identifier, the identifier with or without its scheme in front.
    const role = (scheme: string, identifier: string) => {
      const id = (identifier.includes(':') ? identifier : `${scheme}:${identifier}`).toLowerCase();
      return companies.find((c) => c.peppolId.toLowerCase() === id)?.role;
    };
    const docs = new Map(data.documents.map((d) => [d.id, d]));
    const outbound = data.transactions.filter((t) => t.direction === 'outbound');
    const inbound = data.transactions.filter((t) => t.direction === 'inbound');
    expect(outbound.length).toBeGreaterThan(0);
    expect(inbound.length).toBeGreaterThan(0);
    for (const t of outbound) {
      expect(role(t.senderScheme!, t.senderIdentifier!)).toBe('supplier');
      expect(role(t.receiverScheme!, t.receiverIdentifier!)).toBe('customer');
      expect(t.senderName).toBe(docs.get(t.documentId!)!.senderName ?? t.senderName);
      if (t.ublXml) expect(t.ublXml).toContain(`>${t.senderIdentifier!.split(':').at(-1)}</cbc:EndpointID>`);
    }
    for (const t of inbound) {
      expect(role(t.receiverScheme!, t.receiverIdentifier!)).toBe('supplier');
      expect(role(t.senderScheme!, t.senderIdentifier!)).toBe('customer');
    }
    const hub = OUR_COMPANY.peppolIdentifier;
    expect(
      data.transactions.filter((t) => t.senderIdentifier?.endsWith(hub) || t.receiverIdentifier?.endsWith(hub)),
    ).toEqual([]);
  });

  it("stores the file of every document that may still be uploaded, so its upload job or a person's re-upload has bytes to send", () => {
    const files = new Map(data.documentFiles.map((f) => [f.documentId, f]));
    const needing = data.documents.filter(
      (d) =>
        ['received', 'uploading', 'extraction_failed', 'blocked'].includes(d.pipelineState!) && d.fileFormat !== 'heic',
    );
    expect(needing.length).toBeGreaterThan(5);
    for (const d of needing) {
      const f = files.get(d.id!);
      expect(f, d.sourceId).toBeDefined();
      expect(f!.size).toBe(d.fileSize);
      const magic = Buffer.from(f!.content as Buffer)
        .subarray(0, 4)
        .toString('hex');
      expect(magic, d.filename).toBe({ pdf: '25504446', png: '89504e47', jpg: 'ffd8ffe0' }[d.fileFormat!]);
    }
  });
});
