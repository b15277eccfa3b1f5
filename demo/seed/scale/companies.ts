// The parties of the scale data: the demo seed's 26 companies (same VAT IDs, IBANs and Peppol IDs, so a
// database with demo data keeps one vendor row per company) plus 16 more built with the same generators,
// for ~40 vendors whose invoices the hub handles.
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { vendors } from '@/db/schema';
import { buildCompanies, vatFor, type Company, type CompanyDef } from '@/demo/world/companies';
import { Rng } from '@/demo/world/prng';
import { generateGln, generateIban } from '@/demo/world/identifiers';

const EXTRA_DEFS: readonly CompanyDef[] = [
  {
    name: 'Claeys Elektrotechniek BV',
    slug: 'claeys',
    city: 'Kortrijk',
    country: 'BE',
    locale: 'nl-BE',
    scheme: '0208',
    bank: '735',
    role: 'supplier',
    amount: [300, 9000],
    rates: [2100],
    numbering: 'CE{Y}-{N5}',
    approved: true,
  },
  {
    name: 'Wouters Transport NV',
    slug: 'wouters',
    city: 'Genk',
    country: 'BE',
    locale: 'nl-BE',
    scheme: '0208',
    bank: '363',
    role: 'supplier',
    amount: [600, 14000],
    rates: [2100],
    numbering: 'WT-{Y}-{N5}',
    approved: true,
  },
  {
    name: 'Imprimerie Delvaux SRL',
    slug: 'delvaux',
    city: 'Charleroi',
    country: 'BE',
    locale: 'fr-BE',
    scheme: '9925',
    bank: '068',
    role: 'supplier',
    amount: [150, 3500],
    rates: [2100, 600],
    numbering: 'ID{Y}/{N4}',
    approved: true,
  },
  {
    name: 'Maes Catering BV',
    slug: 'maes-catering',
    city: 'Leuven',
    country: 'BE',
    locale: 'nl-BE',
    scheme: '0208',
    bank: '001',
    role: 'supplier',
    amount: [80, 2200],
    rates: [1200, 600],
    numbering: 'MC{N6}',
    approved: true,
  },
  {
    name: 'Gebroeders Dhondt BV',
    slug: 'dhondt',
    city: 'Roeselare',
    country: 'BE',
    locale: 'nl-BE',
    scheme: '0088',
    bank: '979',
    role: 'supplier',
    amount: [900, 25000],
    rates: [2100],
    numbering: 'GD-{Y}-{N4}',
    approved: false,
  },
  {
    name: 'Bruxelles Sécurité SA',
    slug: 'bxl-securite',
    city: 'Bruxelles',
    country: 'BE',
    locale: 'fr-BE',
    scheme: '9925',
    bank: '001',
    role: 'customer',
    amount: [1200, 30000],
    rates: [2100],
    numbering: 'BS{Y}-{N5}',
    approved: true,
  },
  {
    name: 'Van Dijk Techniek B.V.',
    slug: 'vandijk',
    city: 'Groningen',
    country: 'NL',
    locale: 'nl-NL',
    scheme: '0106',
    bank: 'INGB',
    role: 'supplier',
    amount: [400, 12000],
    rates: [2100],
    numbering: 'VDT{Y}{N4}',
    approved: true,
  },
  {
    name: 'Hendriks Groothandel B.V.',
    slug: 'hendriks',
    city: 'Nijmegen',
    country: 'NL',
    locale: 'nl-NL',
    scheme: '0088',
    bank: 'RABO',
    role: 'supplier',
    amount: [250, 7000],
    rates: [2100, 900],
    numbering: 'HG-{Y}-{N5}',
    approved: true,
  },
  {
    name: 'Dekker Schoonmaak B.V.',
    slug: 'dekker',
    city: 'Leiden',
    country: 'NL',
    locale: 'nl-NL',
    scheme: '0106',
    bank: 'ABNA',
    role: 'supplier',
    amount: [300, 6000],
    rates: [2100],
    numbering: 'DS{N6}',
    approved: true,
  },
  {
    name: 'Amsterdam Harbour Logistics B.V.',
    slug: 'ahl',
    city: 'Amsterdam',
    country: 'NL',
    locale: 'nl-NL',
    scheme: '0106',
    bank: 'INGB',
    role: 'customer',
    amount: [2500, 60000],
    rates: [2100],
    numbering: 'AHL{Y}-{N5}',
    approved: true,
  },
  {
    name: 'Wagner Industrieservice GmbH',
    slug: 'wagner',
    city: 'Dortmund',
    country: 'DE',
    locale: 'de-DE',
    scheme: '9930',
    bank: '37040044',
    role: 'supplier',
    amount: [700, 18000],
    rates: [1900],
    numbering: 'WI-{Y}-{N5}',
    approved: true,
  },
  {
    name: 'Schulz Büroausstattung GmbH',
    slug: 'schulz',
    city: 'Leipzig',
    country: 'DE',
    locale: 'de-DE',
    scheme: '0088',
    bank: '10070000',
    role: 'supplier',
    amount: [120, 4500],
    rates: [1900, 700],
    numbering: 'SB{Y}{N5}',
    approved: true,
  },
  {
    name: 'Koch Spedition GmbH',
    slug: 'koch',
    city: 'Bremen',
    country: 'DE',
    locale: 'de-DE',
    scheme: '9930',
    bank: '20050550',
    role: 'supplier',
    amount: [800, 16000],
    rates: [1900],
    numbering: 'KS-{Y}-{N4}',
    approved: true,
  },
  {
    name: 'Rhein-Main Handels AG',
    slug: 'rhein-main',
    city: 'Frankfurt am Main',
    country: 'DE',
    locale: 'de-DE',
    scheme: '9930',
    bank: '50010517',
    role: 'customer',
    amount: [1500, 40000],
    rates: [1900],
    numbering: 'RM{Y}-{N5}',
    approved: true,
  },
  {
    name: 'Nettoyage Girard SAS',
    slug: 'girard',
    city: 'Lyon',
    country: 'FR',
    locale: 'fr-BE',
    scheme: '0088',
    bank: '3000301234',
    role: 'supplier',
    amount: [300, 8000],
    rates: [2000],
    numbering: 'NG{Y}-{N5}',
    approved: true,
  },
  {
    name: 'Moselle Fret S.à r.l.',
    slug: 'moselle-fret',
    city: 'Esch-sur-Alzette',
    country: 'LU',
    locale: 'fr-BE',
    scheme: '0088',
    bank: '002',
    role: 'supplier',
    amount: [600, 15000],
    rates: [1700],
    numbering: 'MF-{Y}-{N4}',
    approved: true,
  },
];

const GLN_PREFIX: Record<string, string> = { BE: '541', LU: '540', NL: '871', DE: '401', FR: '301' };

/** The same identifier rules as the demo's companies, for the extra ones. */
function buildExtra(rng: Rng, def: CompanyDef, index: number): Company {
  const { vatId, enterprise } = vatFor(rng, def.country);
  const identifier =
    def.scheme === '0208'
      ? enterprise!
      : def.scheme === '9925'
        ? 'be' + enterprise!
        : def.scheme === '9930'
          ? vatId.toLowerCase()
          : def.scheme === '0106'
            ? String(rng.int(1, 9)) + rng.digits(7)
            : generateGln(rng, GLN_PREFIX[def.country]!);
  return {
    ...def,
    index,
    vatId,
    iban: generateIban(rng, def.country, def.bank),
    peppolId: `${def.scheme}:${identifier}`,
    peppolScheme: def.scheme,
    peppolIdentifier: identifier,
    firstInvoiceSeq: rng.int(40, 900),
  };
}

export function scaleCompanies(): Company[] {
  const base = buildCompanies();
  const rng = new Rng('scale-companies');
  return [...base, ...EXTRA_DEFS.map((def, i) => buildExtra(rng, def, base.length + i))];
}

/**
 * One vendor row per company: inserted when missing (the demo seed may have created the first 26 already),
 * then read back by VAT ID. Returns the vendor IDs in company order.
 */
export async function ensureVendors(
  db: Database,
  companies: Company[],
  now: number,
  approvedBy: string | null,
): Promise<string[]> {
  const rng = new Rng('scale-vendors');
  const rows = companies.map((c) => {
    const createdAt = now - rng.int(120, 420) * 86_400_000;
    const approvedAt = c.approved ? createdAt + rng.int(1, 6) * 86_400_000 : null;
    return {
      name: c.name,
      country: c.country,
      vatId: c.vatId,
      iban: c.iban,
      peppolId: c.peppolId,
      approvedAt: approvedAt === null ? null : new Date(approvedAt),
      approvedBy: approvedAt === null ? null : approvedBy,
      createdAt: new Date(createdAt),
      updatedAt: new Date(approvedAt ?? createdAt),
    };
  });
  await db.insert(vendors).values(rows).onConflictDoNothing();
  const found = await db
    .select({ id: vendors.id, vatId: vendors.vatId })
    .from(vendors)
    .where(
      sql`${vendors.vatId} in (${sql.join(
        companies.map((c) => sql`${c.vatId}`),
        sql`, `,
      )})`,
    );
  const byVat = new Map(found.map((v) => [v.vatId, v.id]));
  return companies.map((c) => {
    const id = byVat.get(c.vatId);
    if (!id)
      throw new Error(
        `vendor ${c.name} (${c.vatId}) is neither stored nor insertable (its Peppol ID belongs to another vendor?)`,
      );
    return id;
  });
}
