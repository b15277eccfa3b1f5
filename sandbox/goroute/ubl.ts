// Reads a UBL 2.1 Invoice or CreditNote into the few values the validation rules need. Namespace prefixes
// are dropped while parsing (senders use cbc:/cac: or default namespaces alike); rule locations are written
// back in the conventional cbc:/cac: form. Values stay strings: amounts are checked with exact decimals.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

type Node = Record<string, unknown>;

/** Elements that may repeat; always parsed as arrays so a single occurrence looks like many. */
const REPEATED = new Set([
  'TaxTotal',
  'TaxSubtotal',
  'InvoiceLine',
  'CreditNoteLine',
  'AllowanceCharge',
  'PaymentMeans',
  'Note',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

export interface Amount {
  text?: string;
  currency?: string;
}

interface PartyInfo {
  endpointId?: string;
  endpointScheme?: string;
  name?: string;
  vatId?: string;
  hasAddress: boolean;
}

export interface TaxLine {
  net: Amount;
  category?: string;
  percent?: string;
}

export interface UblDocument {
  root: 'Invoice' | 'CreditNote';
  customizationId?: string;
  profileId?: string;
  id?: string;
  issueDate?: string;
  typeCode?: string;
  currency?: string;
  buyerReference?: string;
  orderReference?: string;
  seller: PartyInfo;
  buyer: PartyInfo;
  taxTotals: {
    taxAmount: Amount;
    subtotals: { taxable: Amount; tax: Amount; category?: string; percent?: string }[];
  }[];
  totals: Record<'lineExtension' | 'taxExclusive' | 'taxInclusive' | 'payable' | 'prepaid' | 'rounding', Amount>;
  /** Document-level allowances and charges. */
  allowanceCharges: (TaxLine & { isCharge: boolean })[];
  lines: (TaxLine & { id?: string })[];
  /** Every amount that carries a currencyID, with its location (PEPPOL-EN16931-R051). */
  currencyAmounts: { location: string; currency: string }[];
}

export type ParseResult =
  | { ok: true; doc: UblDocument }
  | { ok: false; code: 'INVALID_XML' | 'UNSUPPORTED_DOCUMENT_TYPE'; message: string; location: string };

const obj = (v: unknown): Node | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined;
const list = (v: unknown): Node[] => (Array.isArray(v) ? v.map(obj).filter((n): n is Node => n !== undefined) : []);

/** Text content of a leaf, whether it carries attributes or not; undefined when absent or empty. */
function text(v: unknown): string | undefined {
  const raw = typeof v === 'string' ? v : (obj(v)?.['#text'] as string | undefined);
  const s = raw === undefined ? undefined : String(raw).trim();
  return s === '' ? undefined : s;
}

const at = (node: Node | undefined, ...path: string[]): unknown => path.reduce<unknown>((n, k) => obj(n)?.[k], node);
const attr = (v: unknown, name: string) => obj(v)?.[`@_${name}`] as string | undefined;
const amount = (v: unknown): Amount => ({ text: text(v), currency: attr(v, 'currencyID') });

function party(node: Node | undefined): PartyInfo {
  const p = obj(at(node, 'Party'));
  return {
    endpointId: text(at(p, 'EndpointID')),
    endpointScheme: attr(at(p, 'EndpointID'), 'schemeID'),
    name: text(at(p, 'PartyLegalEntity', 'RegistrationName')) ?? text(at(p, 'PartyName', 'Name')),
    vatId: text(at(p, 'PartyTaxScheme', 'CompanyID')),
    hasAddress: obj(at(p, 'PostalAddress')) !== undefined,
  };
}

function collectAmounts(node: unknown, location: string, out: UblDocument['currencyAmounts']): void {
  const n = obj(node);
  if (!n) return;
  const currency = attr(n, 'currencyID');
  if (currency !== undefined) out.push({ location, currency });
  for (const [key, value] of Object.entries(n)) {
    if (key.startsWith('@_') || key === '#text') continue;
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => {
      const leaf = obj(item) === undefined || Object.keys(obj(item)!).every((k) => k.startsWith('@_') || k === '#text');
      const step = `${leaf ? 'cbc' : 'cac'}:${key}${Array.isArray(value) ? `[${i + 1}]` : ''}`;
      collectAmounts(item, `${location}/${step}`, out);
    });
  }
}

export function parseUbl(xml: string): ParseResult {
  const check = XMLValidator.validate(xml);
  if (check !== true) {
    return {
      ok: false,
      code: 'INVALID_XML',
      message: check.err.msg,
      location: `line ${check.err.line}, column ${check.err.col}`,
    };
  }
  const tree = parser.parse(xml) as Node;
  const rootName = Object.keys(tree).find((k) => !k.startsWith('?'));
  if (rootName !== 'Invoice' && rootName !== 'CreditNote') {
    return {
      ok: false,
      code: 'UNSUPPORTED_DOCUMENT_TYPE',
      message: `Document type ${rootName ?? '(none)'} is not supported; send a UBL Invoice or CreditNote.`,
      location: `/${rootName ?? ''}`,
    };
  }
  const r = obj(tree[rootName]) ?? {};
  const taxLine = (n: Node, categoryPath: string[]): TaxLine => ({
    net: amount(n['LineExtensionAmount'] ?? n['Amount']),
    category: text(at(n, ...categoryPath, 'ID')),
    percent: text(at(n, ...categoryPath, 'Percent')),
  });
  const monetary = obj(r['LegalMonetaryTotal']);
  const doc: UblDocument = {
    root: rootName,
    customizationId: text(r['CustomizationID']),
    profileId: text(r['ProfileID']),
    id: text(r['ID']),
    issueDate: text(r['IssueDate']),
    typeCode: text(r['InvoiceTypeCode'] ?? r['CreditNoteTypeCode']),
    currency: text(r['DocumentCurrencyCode']),
    buyerReference: text(r['BuyerReference']),
    orderReference: text(at(r, 'OrderReference', 'ID')),
    seller: party(obj(r['AccountingSupplierParty'])),
    buyer: party(obj(r['AccountingCustomerParty'])),
    taxTotals: list(r['TaxTotal']).map((t) => ({
      taxAmount: amount(t['TaxAmount']),
      subtotals: list(t['TaxSubtotal']).map((s) => ({
        taxable: amount(s['TaxableAmount']),
        tax: amount(s['TaxAmount']),
        category: text(at(s, 'TaxCategory', 'ID')),
        percent: text(at(s, 'TaxCategory', 'Percent')),
      })),
    })),
    totals: {
      lineExtension: amount(monetary?.['LineExtensionAmount']),
      taxExclusive: amount(monetary?.['TaxExclusiveAmount']),
      taxInclusive: amount(monetary?.['TaxInclusiveAmount']),
      payable: amount(monetary?.['PayableAmount']),
      prepaid: amount(monetary?.['PrepaidAmount']),
      rounding: amount(monetary?.['PayableRoundingAmount']),
    },
    allowanceCharges: list(r['AllowanceCharge']).map((a) => ({
      ...taxLine(a, ['TaxCategory']),
      isCharge: text(a['ChargeIndicator']) === 'true',
    })),
    lines: list(r[rootName === 'Invoice' ? 'InvoiceLine' : 'CreditNoteLine']).map((l) => ({
      ...taxLine(l, ['Item', 'ClassifiedTaxCategory']),
      id: text(l['ID']),
    })),
    currencyAmounts: [],
  };
  collectAmounts(r, `/${rootName}`, doc.currencyAmounts);
  return { ok: true, doc };
}
