// A real subset of the rules GoRoute's validator applies: UBL schema basics, EN16931 schematron (BR-*) and
// Peppol BIS Billing 3.0 (PEPPOL-EN16931-*). Arithmetic is exact (BigInt cents). Postal address (BR-08,
// BR-10) is reported as a warning so short demo invoices still pass; everything else is fatal.
import { absDiff, formatCents, taxOf, toBasisPoints, toCents, isDecimal } from '../core/money';
import type { Amount, TaxLine, UblDocument } from './ubl';

type Layer = 'schema' | 'schematron' | 'business_rules';
interface Issue {
  rule: string;
  location: string;
  message: string;
}
export interface ValidationResult {
  valid: boolean;
  errors: Issue[];
  warnings: Issue[];
  validation_layers: Record<Layer, boolean>;
}

const CUSTOMIZATION = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
const PROFILE_FORMAT = /^urn:fdc:peppol\.eu:2017:poacc:billing:\d{2}:1\.0$/;
const CATEGORY_NAMES: Record<string, string> = {
  S: 'Standard rated',
  Z: 'Zero rated',
  E: 'Exempt from VAT',
  AE: 'VAT reverse charge',
  K: 'Intra-community supply',
  G: 'Export outside the EU',
  O: 'Not subject to VAT',
};

export function validateUbl(doc: UblDocument): ValidationResult {
  const errors: (Issue & { layer: Layer })[] = [];
  const warnings: Issue[] = [];
  const R = `/${doc.root}`;
  const fail = (layer: Layer, rule: string, location: string, message: string) => {
    // An amount read by two rules must not be reported twice.
    if (!errors.some((e) => e.rule === rule && e.location === location))
      errors.push({ layer, rule, location, message });
  };

  // Amounts: unreadable numbers are schema errors, more than two decimals breaks BR-DEC.
  const cents = (a: Amount, location: string): bigint | null => {
    if (a.text === undefined) return null;
    const c = toCents(a.text);
    if (c === null) {
      if (isDecimal(a.text))
        fail(
          'schematron',
          'BR-DEC',
          location,
          `The allowed maximum number of decimals for an amount is 2 (found ${a.text}).`,
        );
      else fail('schema', 'SCHEMA', location, `'${a.text}' is not a valid decimal amount.`);
    }
    return c;
  };

  // --- Peppol BIS 3.0: process and specification identifiers, electronic addresses, currency.
  if (!doc.profileId)
    fail('business_rules', 'PEPPOL-EN16931-R001', `${R}/cbc:ProfileID`, 'Business process MUST be provided.');
  else if (!PROFILE_FORMAT.test(doc.profileId))
    fail(
      'business_rules',
      'PEPPOL-EN16931-R007',
      `${R}/cbc:ProfileID`,
      "Business process MUST be in the format 'urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0' where NN indicates the process number.",
    );
  if (!doc.customizationId)
    fail(
      'schematron',
      'BR-01',
      `${R}/cbc:CustomizationID`,
      'An Invoice shall have a Specification identifier (BT-24).',
    );
  else if (!doc.customizationId.startsWith(CUSTOMIZATION))
    fail(
      'business_rules',
      'PEPPOL-EN16931-R004',
      `${R}/cbc:CustomizationID`,
      `Specification identifier MUST have the value '${CUSTOMIZATION}'.`,
    );
  if (!doc.buyerReference && !doc.orderReference)
    fail('business_rules', 'PEPPOL-EN16931-R003', R, 'A buyer reference or purchase order reference MUST be provided.');
  const supplier = `${R}/cac:AccountingSupplierParty/cac:Party`;
  const customer = `${R}/cac:AccountingCustomerParty/cac:Party`;
  if (!doc.seller.endpointId || !doc.seller.endpointScheme)
    fail(
      'business_rules',
      'PEPPOL-EN16931-R020',
      `${supplier}/cbc:EndpointID`,
      'Seller electronic address MUST be provided.',
    );
  if (!doc.buyer.endpointId || !doc.buyer.endpointScheme)
    fail(
      'business_rules',
      'PEPPOL-EN16931-R010',
      `${customer}/cbc:EndpointID`,
      'Buyer electronic address MUST be provided.',
    );
  const wrongCurrency = doc.currency
    ? doc.currencyAmounts.find((a) => a.currency !== doc.currency && !a.location.includes('TaxTotal'))
    : undefined;
  if (wrongCurrency)
    fail(
      'business_rules',
      'PEPPOL-EN16931-R051',
      wrongCurrency.location,
      `All currencyID attributes must have the same value as the invoice currency code (BT-5) ${doc.currency}; found ${wrongCurrency.currency}.`,
    );

  // --- EN16931 mandatory elements.
  if (!doc.id) fail('schematron', 'BR-02', `${R}/cbc:ID`, 'An Invoice shall have an Invoice number (BT-1).');
  if (!doc.issueDate)
    fail('schematron', 'BR-03', `${R}/cbc:IssueDate`, 'An Invoice shall have an Invoice issue date (BT-2).');
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(doc.issueDate) || Number.isNaN(Date.parse(doc.issueDate)))
    fail('schema', 'SCHEMA', `${R}/cbc:IssueDate`, `'${doc.issueDate}' is not a valid xs:date (YYYY-MM-DD).`);
  if (!doc.typeCode)
    fail('schematron', 'BR-04', `${R}/cbc:${doc.root}TypeCode`, 'An Invoice shall have an Invoice type code (BT-3).');
  if (!doc.currency)
    fail(
      'schematron',
      'BR-05',
      `${R}/cbc:DocumentCurrencyCode`,
      'An Invoice shall have an Invoice currency code (BT-5).',
    );
  if (!doc.seller.name)
    fail(
      'schematron',
      'BR-06',
      `${supplier}/cac:PartyLegalEntity/cbc:RegistrationName`,
      'An Invoice shall contain the Seller name (BT-27).',
    );
  if (!doc.buyer.name)
    fail(
      'schematron',
      'BR-07',
      `${customer}/cac:PartyLegalEntity/cbc:RegistrationName`,
      'An Invoice shall contain the Buyer name (BT-44).',
    );
  if (!doc.seller.hasAddress)
    warnings.push({
      rule: 'BR-08',
      location: `${supplier}/cac:PostalAddress`,
      message: 'An Invoice shall contain the Seller postal address (BG-5).',
    });
  if (!doc.buyer.hasAddress)
    warnings.push({
      rule: 'BR-10',
      location: `${customer}/cac:PostalAddress`,
      message: 'An Invoice shall contain the Buyer postal address (BG-8).',
    });
  if (doc.lines.length === 0)
    fail('schematron', 'BR-16', R, 'An Invoice shall have at least one Invoice line (BG-25).');

  // --- Totals (BG-22) and their arithmetic.
  const M = `${R}/cac:LegalMonetaryTotal`;
  const total = (key: keyof UblDocument['totals'], element: string, rule: string, bt: string) => {
    if (doc.totals[key].text === undefined) {
      if (rule) fail('schematron', rule, `${M}/cbc:${element}`, `An Invoice shall have the ${bt}.`);
      return null;
    }
    return cents(doc.totals[key], `${M}/cbc:${element}`);
  };
  const lineExt = total('lineExtension', 'LineExtensionAmount', 'BR-12', 'Sum of Invoice line net amount (BT-106)');
  const taxExcl = total('taxExclusive', 'TaxExclusiveAmount', 'BR-13', 'Invoice total amount without VAT (BT-109)');
  const taxIncl = total('taxInclusive', 'TaxInclusiveAmount', 'BR-14', 'Invoice total amount with VAT (BT-112)');
  const payable = total('payable', 'PayableAmount', 'BR-15', 'Amount due for payment (BT-115)');
  const prepaid = total('prepaid', 'PrepaidAmount', '', '') ?? 0n;
  const rounding = total('rounding', 'PayableRoundingAmount', '', '') ?? 0n;

  const lineNets = doc.lines.map((l, i) => cents(l.net, `${R}/cac:${doc.root}Line[${i + 1}]/cbc:LineExtensionAmount`));
  const docAc = doc.allowanceCharges.map((a, i) => cents(a.net, `${R}/cac:AllowanceCharge[${i + 1}]/cbc:Amount`));
  const sumOf = (xs: (bigint | null)[]) =>
    xs.every((x) => x !== null) ? xs.reduce<bigint>((s, x) => s + x!, 0n) : null;
  const lineSum = sumOf(lineNets);
  const got = (v: bigint, expected: bigint) => ` (found ${formatCents(v)}, expected ${formatCents(expected)})`;

  if (lineExt !== null && lineSum !== null && lineExt !== lineSum) {
    fail(
      'schematron',
      'BR-CO-10',
      `${M}/cbc:LineExtensionAmount`,
      'Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131).' + got(lineExt, lineSum),
    );
  }
  const acs = sumOf(docAc.map((c, i) => (c === null ? null : doc.allowanceCharges[i]!.isCharge ? c : -c)));
  if (taxExcl !== null && lineExt !== null && acs !== null && taxExcl !== lineExt + acs) {
    fail(
      'schematron',
      'BR-CO-13',
      `${M}/cbc:TaxExclusiveAmount`,
      'Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) - Sum of allowances on document level (BT-107) + Sum of charges on document level (BT-108).' +
        got(taxExcl, lineExt + acs),
    );
  }

  // --- VAT: the TaxTotal in the document currency carries the breakdown (BG-23).
  const taxTotalIndex = Math.max(
    0,
    doc.taxTotals.findIndex((t) => t.taxAmount.currency === doc.currency),
  );
  const taxTotal = doc.taxTotals[taxTotalIndex];
  const T = `${R}/cac:TaxTotal`;
  if (!taxTotal) {
    fail('schematron', 'BR-CO-18', T, 'An Invoice shall at least have one VAT breakdown group (BG-23).');
  } else {
    const taxAmount = cents(taxTotal.taxAmount, `${T}/cbc:TaxAmount`);
    if (taxIncl !== null && taxExcl !== null && taxAmount !== null && taxIncl !== taxExcl + taxAmount) {
      fail(
        'schematron',
        'BR-CO-15',
        T,
        'Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).' +
          got(taxIncl, taxExcl + taxAmount),
      );
    }
    const subTaxes = sumOf(
      taxTotal.subtotals.map((s, i) => cents(s.tax, `${T}/cac:TaxSubtotal[${i + 1}]/cbc:TaxAmount`)),
    );
    if (taxAmount !== null && subTaxes !== null && taxTotal.subtotals.length > 0 && taxAmount !== subTaxes) {
      fail(
        'schematron',
        'BR-CO-14',
        `${T}/cbc:TaxAmount`,
        'Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117).' + got(taxAmount, subTaxes),
      );
    }
    checkBreakdown(doc, taxTotal.subtotals, T, cents, fail);
  }
  if (payable !== null && taxIncl !== null && payable !== taxIncl - prepaid + rounding) {
    fail(
      'schematron',
      'BR-CO-16',
      `${M}/cbc:PayableAmount`,
      'Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) - Paid amount (BT-113) + Rounding amount (BT-114).' +
        got(payable, taxIncl - prepaid + rounding),
    );
  }

  const layers: Record<Layer, boolean> = { schema: true, schematron: true, business_rules: true };
  for (const e of errors) layers[e.layer] = false;
  return {
    valid: errors.length === 0,
    errors: errors.map(({ rule, location, message }) => ({ rule, location, message })),
    warnings,
    validation_layers: layers,
  };
}

/** BR-x-08 (taxable amount per category and rate = its lines ± document allowances/charges) and BR-S-09 (tax = taxable × rate). */
function checkBreakdown(
  doc: UblDocument,
  subtotals: UblDocument['taxTotals'][number]['subtotals'],
  T: string,
  cents: (a: Amount, location: string) => bigint | null,
  fail: (layer: Layer, rule: string, location: string, message: string) => void,
): void {
  const sameBucket = (l: TaxLine, category: string, bp: bigint | null) =>
    l.category === category && (category !== 'S' || toBasisPoints(l.percent) === bp);
  subtotals.forEach((s, i) => {
    const loc = `${T}/cac:TaxSubtotal[${i + 1}]`;
    const category = s.category ?? '';
    const bp = toBasisPoints(s.percent);
    const taxable = cents(s.taxable, `${loc}/cbc:TaxableAmount`);
    const tax = cents(s.tax, `${loc}/cbc:TaxAmount`);
    if (taxable === null || !CATEGORY_NAMES[category]) return;
    let expected = 0n;
    for (const l of doc.lines) if (sameBucket(l, category, bp)) expected += toCents(l.net.text) ?? 0n;
    for (const a of doc.allowanceCharges)
      if (sameBucket(a, category, bp)) expected += (a.isCharge ? 1n : -1n) * (toCents(a.net.text) ?? 0n);
    if (taxable !== expected) {
      const rate = category === 'S' ? ` and VAT rate ${s.percent ?? '?'} %` : '';
      fail(
        'schematron',
        `BR-${category}-08`,
        loc,
        `For VAT category "${CATEGORY_NAMES[category]}"${rate}, the VAT category taxable amount (BT-116) shall equal the sum of Invoice line net amounts (BT-131) plus document level charges (BT-99) minus document level allowances (BT-92) in that category (found ${formatCents(taxable)}, expected ${formatCents(expected)}).`,
      );
    }
    if (category === 'S' && bp !== null && tax !== null) {
      const due = taxOf(taxable, bp);
      // The schematron allows a one-cent slack for rounding differences.
      if (absDiff(tax, due) > 1n) {
        fail(
          'schematron',
          'BR-S-09',
          `${loc}/cbc:TaxAmount`,
          `The VAT category tax amount (BT-117) where the VAT category code (BT-118) is "Standard rated" shall equal the VAT category taxable amount (BT-116) multiplied by the VAT category rate (BT-119) (found ${formatCents(tax)}, expected ${formatCents(due)}).`,
        );
      }
    }
  });
}
