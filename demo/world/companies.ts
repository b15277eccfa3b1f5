// The demo's companies (docs/business.md): `supplier`s are the hub's clients, whose PDF invoices we turn into Peppol
// e-invoices and send in their names; `customer`s are the businesses they invoice, the receivers of those sends
// (and, since trade goes both ways, the senders of the invoices that arrive inbound for our clients).
// Names are fictional; VAT IDs, IBANs and Peppol IDs are generated in real formats with real check digits.
import { Rng } from './prng';
import {
  belgianEnterpriseNumber,
  dutchVat,
  frenchVat,
  generateGln,
  generateIban,
  germanVat,
  luxembourgVat,
} from '@/demo/world/identifiers';

export type Country = 'BE' | 'NL' | 'DE' | 'FR' | 'LU';
type Locale = 'nl-BE' | 'fr-BE' | 'nl-NL' | 'de-DE';
type PeppolScheme = '0208' | '9925' | '0088' | '0106' | '9930';

export interface CompanyDef {
  name: string;
  slug: string;
  city: string;
  country: Country;
  locale: Locale;
  scheme: PeppolScheme;
  /** National bank code for the IBAN (see generateIban). */
  bank: string;
  role: 'supplier' | 'customer';
  /** Typical invoice net amount range, whole euros. */
  amount: [number, number];
  /** VAT rates on its invoices, basis points; two entries ⇒ two tax breakdown lines. */
  rates: number[];
  /** Invoice numbering style, {Y} = year, {N4}/{N5}/{N6} = zero-padded sequence. */
  numbering: string;
  approved: boolean;
}

const COMPANY_DEFS: readonly CompanyDef[] = [
  {
    name: 'Vandenberghe Logistics NV',
    slug: 'vandenberghe',
    city: 'Gent',
    country: 'BE',
    locale: 'nl-BE',
    scheme: '0208',
    bank: '735',
    role: 'supplier',
    amount: [800, 12000],
    rates: [2100],
    numbering: 'INV-{Y}-{N4}',
    approved: true,
  },
  {
    name: 'Atelier Dumoulin SRL',
    slug: 'dumoulin',
    city: 'Liège',
    country: 'BE',
    locale: 'fr-BE',
    scheme: '9925',
    bank: '001',
    role: 'supplier',
    amount: [300, 6000],
    rates: [2100],
    numbering: 'F{Y}/{N5}',
    approved: true,
  },
  {
    name: 'Peeters & Janssens Bouw BV',
    slug: 'peeters-janssens',
    city: 'Hasselt',
    country: 'BE',
    locale: 'nl-BE',
    scheme: '0208',
    bank: '363',
    role: 'supplier',
    amount: [2000, 60000],
    rates: [2100, 600],
    numbering: '{Y}-{N5}',
    approved: true,
  },
  {
    name: 'Kempen Koeltechniek BV',
    slug: 'kempen-koeltechniek',
    city: 'Geel',
    country: 'BE',
    locale: 'nl-BE',
    scheme: '0088',
    bank: '979',
    role: 'customer',
    amount: [500, 9000],
    rates: [2100],
    numbering: 'KK{Y}{N4}',
    approved: true,
  },
  {
    name: 'Studio Lemaire SRL',
    slug: 'lemaire',
    city: 'Namur',
    country: 'BE',
    locale: 'fr-BE',
    scheme: '9925',
    bank: '068',
    role: 'supplier',
    amount: [400, 7500],
    rates: [2100],
    numbering: 'SL-{Y}-{N4}',
    approved: true,
  },
  {
    name: 'Antwerp Port Services NV',
    slug: 'antwerp-port',
    city: 'Antwerpen',
    country: 'BE',
    locale: 'nl-BE',
    scheme: '0208',
    bank: '001',
    role: 'customer',
    amount: [1500, 40000],
    rates: [2100],
    numbering: 'APS{Y}-{N5}',
    approved: true,
  },
  {
    name: 'Drukkerij Verhaeghe BV',
    slug: 'verhaeghe',
    city: 'Brugge',
    country: 'BE',
    locale: 'nl-BE',
    scheme: '0208',
    bank: '735',
    role: 'supplier',
    amount: [200, 4000],
    rates: [2100],
    numbering: 'VF{Y}.{N4}',
    approved: true,
  },
  {
    name: 'Mertens Office Supplies NV',
    slug: 'mertens',
    city: 'Mechelen',
    country: 'BE',
    locale: 'nl-BE',
    scheme: '9925',
    bank: '363',
    role: 'supplier',
    amount: [50, 1500],
    rates: [2100],
    numbering: 'INV{N6}',
    approved: true,
  },
  {
    name: 'Énergies Nivelloises SA',
    slug: 'energies-nivelloises',
    city: 'Nivelles',
    country: 'BE',
    locale: 'fr-BE',
    scheme: '0208',
    bank: '068',
    role: 'customer',
    amount: [1000, 25000],
    rates: [2100],
    numbering: 'EN-{Y}-{N5}',
    approved: true,
  },
  {
    name: 'Cleanwise Facility Services BV',
    slug: 'cleanwise',
    city: 'Brussel',
    country: 'BE',
    locale: 'nl-BE',
    scheme: '0088',
    bank: '001',
    role: 'supplier',
    amount: [600, 8000],
    rates: [2100],
    numbering: 'CW-{Y}-{N4}',
    approved: true,
  },
  {
    name: 'Brasserie du Sablon SRL',
    slug: 'sablon',
    city: 'Bruxelles',
    country: 'BE',
    locale: 'fr-BE',
    scheme: '9925',
    bank: '363',
    role: 'supplier',
    amount: [100, 2500],
    rates: [1200, 2100],
    numbering: 'BDS{Y}-{N4}',
    approved: false,
  },
  {
    name: 'Bakker Transport B.V.',
    slug: 'bakker-transport',
    city: 'Zwolle',
    country: 'NL',
    locale: 'nl-NL',
    scheme: '0106',
    bank: 'RABO',
    role: 'supplier',
    amount: [700, 15000],
    rates: [2100],
    numbering: 'BT{Y}-{N5}',
    approved: true,
  },
  {
    name: 'De Vries Installatietechniek B.V.',
    slug: 'devries',
    city: 'Utrecht',
    country: 'NL',
    locale: 'nl-NL',
    scheme: '0106',
    bank: 'INGB',
    role: 'supplier',
    amount: [900, 22000],
    rates: [2100],
    numbering: 'F-{Y}-{N4}',
    approved: true,
  },
  {
    name: 'Jansen Verpakkingen B.V.',
    slug: 'jansen',
    city: 'Tilburg',
    country: 'NL',
    locale: 'nl-NL',
    scheme: '0088',
    bank: 'ABNA',
    role: 'supplier',
    amount: [400, 9000],
    rates: [2100],
    numbering: '{Y}{N5}',
    approved: true,
  },
  {
    name: 'Visser IT Solutions B.V.',
    slug: 'visser-it',
    city: 'Amersfoort',
    country: 'NL',
    locale: 'nl-NL',
    scheme: '0106',
    bank: 'KNAB',
    role: 'supplier',
    amount: [500, 18000],
    rates: [2100],
    numbering: 'VIS-{Y}-{N4}',
    approved: true,
  },
  {
    name: 'Smit Bouwmaterialen B.V.',
    slug: 'smit',
    city: 'Eindhoven',
    country: 'NL',
    locale: 'nl-NL',
    scheme: '0106',
    bank: 'RABO',
    role: 'customer',
    amount: [1000, 30000],
    rates: [2100],
    numbering: 'SB{N6}',
    approved: true,
  },
  {
    name: 'Mulder Catering B.V.',
    slug: 'mulder-catering',
    city: 'Haarlem',
    country: 'NL',
    locale: 'nl-NL',
    scheme: '0106',
    bank: 'INGB',
    role: 'supplier',
    amount: [200, 3500],
    rates: [900, 2100],
    numbering: 'MC-{Y}-{N4}',
    approved: true,
  },
  {
    name: 'Rotterdam Freight Partners B.V.',
    slug: 'rfp',
    city: 'Rotterdam',
    country: 'NL',
    locale: 'nl-NL',
    scheme: '0088',
    bank: 'ABNA',
    role: 'customer',
    amount: [2000, 45000],
    rates: [2100],
    numbering: 'RFP{Y}{N5}',
    approved: true,
  },
  {
    name: 'Müller Maschinenbau GmbH',
    slug: 'mueller',
    city: 'Stuttgart',
    country: 'DE',
    locale: 'de-DE',
    scheme: '9930',
    bank: '60050101',
    role: 'supplier',
    amount: [5000, 80000],
    rates: [1900],
    numbering: 'RE-{Y}-{N5}',
    approved: true,
  },
  {
    name: 'Schneider Logistik GmbH & Co. KG',
    slug: 'schneider',
    city: 'Hamburg',
    country: 'DE',
    locale: 'de-DE',
    scheme: '9930',
    bank: '20050550',
    role: 'supplier',
    amount: [900, 14000],
    rates: [1900],
    numbering: 'SL{Y}-{N5}',
    approved: true,
  },
  {
    name: 'Fischer Bürotechnik GmbH',
    slug: 'fischer',
    city: 'Köln',
    country: 'DE',
    locale: 'de-DE',
    scheme: '0088',
    bank: '37040044',
    role: 'supplier',
    amount: [150, 5000],
    rates: [1900, 700],
    numbering: 'R{Y}{N5}',
    approved: true,
  },
  {
    name: 'Weber Elektro AG',
    slug: 'weber',
    city: 'München',
    country: 'DE',
    locale: 'de-DE',
    scheme: '9930',
    bank: '70150000',
    role: 'customer',
    amount: [1500, 35000],
    rates: [1900],
    numbering: 'WE-{Y}-{N5}',
    approved: true,
  },
  {
    name: 'Becker Verpackung GmbH',
    slug: 'becker',
    city: 'Düsseldorf',
    country: 'DE',
    locale: 'de-DE',
    scheme: '9930',
    bank: '30050110',
    role: 'supplier',
    amount: [400, 9000],
    rates: [1900],
    numbering: 'BV-{Y}-{N4}',
    approved: true,
  },
  {
    name: 'Hoffmann Softwarehaus GmbH',
    slug: 'hoffmann',
    city: 'Berlin',
    country: 'DE',
    locale: 'de-DE',
    scheme: '9930',
    bank: '10070000',
    role: 'supplier',
    amount: [500, 20000],
    rates: [1900],
    numbering: 'HS-{Y}-{N4}',
    approved: true,
  },
  {
    name: 'Transports Lefèvre SAS',
    slug: 'lefevre',
    city: 'Lille',
    country: 'FR',
    locale: 'fr-BE',
    scheme: '0088',
    bank: '3000400828',
    role: 'supplier',
    amount: [800, 11000],
    rates: [2000],
    numbering: 'FAC{Y}-{N5}',
    approved: true,
  },
  {
    name: 'Luxlogis S.à r.l.',
    slug: 'luxlogis',
    city: 'Luxembourg',
    country: 'LU',
    locale: 'fr-BE',
    scheme: '0088',
    bank: '001',
    role: 'customer',
    amount: [1000, 20000],
    rates: [1700],
    numbering: 'LL{Y}-{N4}',
    approved: false,
  },
];

/** GS1 company prefixes by country (540–549 BE/LU, 870–879 NL, 400–440 DE, 300–379 FR). */
const GLN_PREFIX: Record<Country, string[]> = {
  BE: ['541', '543', '549'],
  LU: ['540', '544'],
  NL: ['871', '872', '873'],
  DE: ['401', '405', '428'],
  FR: ['301', '325', '376'],
};

export interface Company extends CompanyDef {
  index: number;
  vatId: string;
  iban: string;
  peppolId: string;
  peppolScheme: string;
  peppolIdentifier: string;
  /** The invoice numbering sequence starts here. */
  firstInvoiceSeq: number;
}

export function vatFor(rng: Rng, country: Country): { vatId: string; enterprise?: string } {
  switch (country) {
    case 'BE': {
      const enterprise = belgianEnterpriseNumber(rng);
      return { vatId: 'BE' + enterprise, enterprise };
    }
    case 'NL':
      return { vatId: dutchVat(rng) };
    case 'DE':
      return { vatId: germanVat(rng) };
    case 'FR':
      return { vatId: frenchVat(rng) };
    case 'LU':
      return { vatId: luxembourgVat(rng) };
  }
}

function peppolIdentifier(rng: Rng, def: CompanyDef, vatId: string, enterprise: string | undefined): string {
  switch (def.scheme) {
    case '0208':
      return enterprise!;
    case '9925':
      return 'be' + enterprise!;
    case '9930':
      return vatId.toLowerCase();
    case '0106':
      return String(rng.int(1, 9)) + rng.digits(7);
    case '0088':
      return generateGln(rng, rng.pick(GLN_PREFIX[def.country]));
  }
}

export function buildCompanies(seed = 'companies'): Company[] {
  const rng = new Rng(seed);
  return COMPANY_DEFS.map((def, index) => {
    const { vatId, enterprise } = vatFor(rng, def.country);
    const identifier = peppolIdentifier(rng, def, vatId, enterprise);
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
  });
}

/** The company's invoice number `seq` of `year`, in its numbering style ({Y} = year, {N5} = sequence padded to 5). */
export function invoiceNumberFor(c: Pick<CompanyDef, 'numbering'>, seq: number, year: number): string {
  return c.numbering
    .replace('{Y}', String(year))
    .replace(/\{N(\d)\}/, (_m, w: string) => String(seq).padStart(Number(w), '0'));
}

/**
 * The hub itself, Invoice Hub BV: it runs this console and holds the GoRoute and exdata accounts, and sends and
 * receives in its clients' names. It is neither the seller nor the buyer on the invoices it handles; its own
 * Peppol ID is registered (the access point's operator) but no demo invoice is addressed from or to it.
 */
export const OUR_COMPANY = {
  name: 'Invoice Hub BV',
  country: 'BE' as const,
  // Enterprise number 0790.123.4xx with its real mod-97 check digits (07901234 mod 97 = 2 ⇒ 95).
  enterpriseNumber: '0790123495',
  vatId: 'BE0790123495',
  peppolScheme: '0208',
  peppolIdentifier: '0790123495',
  peppolId: '0208:0790123495',
  inbox: 'ap-inbox@invoice-hub.example',
};
