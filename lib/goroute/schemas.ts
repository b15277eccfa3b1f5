import { z } from 'zod';

export const directions = ['outbound', 'inbound'] as const;
export type Direction = (typeof directions)[number];

const str = z.string();
const nstr = str.nullish().transform((v) => v ?? null);

/** GoRoute's own lifecycle (docs/providers.md); `queued` is ours and never comes from GoRoute. */
const goRouteStatuses = ['pending', 'processing', 'sending', 'delivered', 'failed'] as const;
export type GoRouteStatus = (typeof goRouteStatuses)[number];
const status = z.enum(goRouteStatuses);

export const sendBody = z
  .looseObject({ transaction_id: str.min(1), status })
  .transform((b) => ({ transactionId: b.transaction_id, status: b.status }));

const issue = z.union([
  str.transform((message) => ({ rule: null, location: null, message })),
  z
    .looseObject({ rule: nstr, location: nstr, message: str.nullish(), code: nstr })
    .transform((i) => ({ rule: i.rule ?? i.code, location: i.location, message: i.message ?? '' })),
]);
type ValidationIssue = { rule: string | null; location: string | null; message: string };

export const validationReport = z
  .looseObject({ valid: z.boolean(), errors: z.array(issue).nullish(), warnings: z.array(issue).nullish() })
  .transform((r) => ({ valid: r.valid, errors: r.errors ?? [], warnings: r.warnings ?? [] }));
export type ValidationResult = { valid: boolean; errors: ValidationIssue[]; warnings: ValidationIssue[] };

// The contract names no direction values; common synonyms map onto our two.
const directionSynonyms: Record<string, Direction> = {
  outbound: 'outbound',
  outgoing: 'outbound',
  sent: 'outbound',
  inbound: 'inbound',
  incoming: 'inbound',
  received: 'inbound',
};

const party = z
  .looseObject({ scheme: nstr, identifier: nstr, name: nstr })
  .nullish()
  .transform((p) => (p ? { scheme: p.scheme, identifier: p.identifier, name: p.name } : null));

export const transactionBody = z
  .looseObject({
    id: z.union([str, z.number()]).transform(String),
    status,
    direction: nstr,
    document_type: nstr,
    document_id: nstr,
    invoice_number: nstr,
    sender: party,
    receiver: party,
    created_at: nstr,
    updated_at: nstr,
    delivered_at: nstr,
    message_id: nstr,
    metadata: z.looseObject({ reference_id: nstr }).nullish(),
    // (assumed) on failed transactions, as in the transaction.failed webhook.
    error: z.looseObject({ code: nstr, message: nstr, details: z.array(z.unknown()).nullish() }).nullish(),
  })
  .transform((t) => ({
    id: t.id,
    status: t.status,
    direction: t.direction ? (directionSynonyms[t.direction.toLowerCase()] ?? null) : null,
    documentType: t.document_type,
    documentId: t.document_id,
    invoiceNumber: t.invoice_number,
    sender: t.sender,
    receiver: t.receiver,
    createdAt: t.created_at,
    updatedAt: t.updated_at,
    deliveredAt: t.delivered_at,
    messageId: t.message_id,
    metadata: { referenceId: t.metadata?.reference_id ?? null },
    error: t.error ? { code: t.error.code, message: t.error.message, details: t.error.details ?? [] } : null,
  }));

// The list envelope is undocumented: accept a bare array or the usual wrappers.
export const transactionList = z.union([
  z.array(transactionBody),
  z.looseObject({ data: z.array(transactionBody) }).transform((b) => b.data),
  z.looseObject({ transactions: z.array(transactionBody) }).transform((b) => b.transactions),
  z.looseObject({ items: z.array(transactionBody) }).transform((b) => b.items),
]);

/** /health (shape undocumented) and /peppol/version ({version, peppol_ap_id, environment, status}). */
export const healthBody = z.looseObject({ status: nstr, version: nstr, environment: nstr, peppol_ap_id: nstr });
