// The simulated Peppol directory (SML/SMP): the demo companies, our own company, and a few companies that
// are deliberately NOT registered so "receiver not found" (404, permanent, dead-letter) can be demonstrated.
import { createHash } from 'node:crypto';
import { buildCompanies, type Company, OUR_COMPANY } from '@/demo/world/companies';

/** Demo companies without a Peppol registration (both unapproved in the demo data, one of them a customer). */
const UNREGISTERED_SLUGS = ['luxlogis', 'sablon'] as const;

const INVOICE_DOCUMENT_TYPE =
  'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1';
const CREDIT_NOTE_DOCUMENT_TYPE =
  'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1';
const BILLING_PROCESS = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const ACCESS_POINTS = [
  { name: 'GoRoute Peppol AP', url: 'https://ap.goroute.ai/as4' },
  { name: 'Nordic Invoice Exchange AP', url: 'https://as4.nix-ap.example/msh' },
  { name: 'Benelux E-Link AP', url: 'https://peppol.benelux-elink.example/as4' },
  { name: 'Rhein Dokumente AP', url: 'https://as4.rhein-dokumente.example/peppol' },
];

export interface Participant {
  peppolId: string;
  scheme: string;
  identifier: string;
  name: string;
  country: string;
  accessPoint: { name: string; url: string };
}

/** "iso6523-actorid-upis::0208:0123" → "0208:0123"; identifiers compare case-insensitively (Peppol policy). */
function normalizePeppolId(raw: string): string {
  return raw
    .trim()
    .replace(/^iso6523-actorid-upis::/i, '')
    .toLowerCase();
}

function fromCompany(c: Company): Participant {
  return {
    peppolId: c.peppolId,
    scheme: c.peppolScheme,
    identifier: c.peppolIdentifier,
    name: c.name,
    country: c.country,
    accessPoint: ACCESS_POINTS[(c.index % (ACCESS_POINTS.length - 1)) + 1]!,
  };
}

export class ParticipantRegistry {
  private readonly byId = new Map<string, Participant>();
  /** The demo companies exactly as the seeded database knows them (same generator, same seed). */
  readonly companies: Company[] = buildCompanies();

  constructor() {
    for (const c of this.companies) {
      if ((UNREGISTERED_SLUGS as readonly string[]).includes(c.slug)) continue;
      const p = fromCompany(c);
      this.byId.set(normalizePeppolId(p.peppolId), p);
    }
    this.byId.set(normalizePeppolId(OUR_COMPANY.peppolId), {
      peppolId: OUR_COMPANY.peppolId,
      scheme: OUR_COMPANY.peppolScheme,
      identifier: OUR_COMPANY.peppolIdentifier,
      name: OUR_COMPANY.name,
      country: OUR_COMPANY.country,
      accessPoint: ACCESS_POINTS[0]!,
    });
  }

  find(peppolId: string): Participant | undefined {
    return this.byId.get(normalizePeppolId(peppolId));
  }

  /** Seed's shape: GET /participants/lookup?identifier=… */
  static lookupShape(p: Participant) {
    return {
      participant_id: p.peppolId,
      registered: true,
      access_point: p.accessPoint,
      document_types: [
        { document_type_id: INVOICE_DOCUMENT_TYPE, process_id: BILLING_PROCESS },
        { document_type_id: CREDIT_NOTE_DOCUMENT_TYPE, process_id: BILLING_PROCESS },
      ],
      certificate: {
        subject: `CN=${p.accessPoint.name}, O=OpenPeppol AISBL, C=BE`,
        valid_until: '2027-06-30T23:59:59Z',
      },
    };
  }

  /** Public docs' shape: GET /api/v1/participants/lookup?peppol_id=… */
  static v1Shape(p: Participant) {
    return {
      found: true,
      participant_id: p.peppolId,
      scheme: p.scheme,
      name: p.name,
      country: p.country,
      capabilities: [
        { document_type: INVOICE_DOCUMENT_TYPE, process_id: BILLING_PROCESS },
        { document_type: CREDIT_NOTE_DOCUMENT_TYPE, process_id: BILLING_PROCESS },
      ],
      // The SML host name is B- + MD5 of the lower-cased participant ID, as in the real network.
      smp_endpoint: `http://B-${createHash('md5').update(p.peppolId.toLowerCase()).digest('hex')}.iso6523-actorid-upis.edelivery.tech.ec.europa.eu`,
    };
  }
}
