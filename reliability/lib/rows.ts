// Real rows for a scenario to act on, in its own database: documents waiting on exdata, sends waiting on
// GoRoute, and sends ready to go (a valid Peppol BIS invoice to a participant the sandbox knows), with their
// jobs enqueued exactly as the pipeline enqueues them. Bulk SQL, because a storm needs hundreds at once.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { buildCompanies } from '@/demo/world/companies';
import type { Amounts } from '@/demo/world/amounts';
import { buildUbl } from '@/demo/world/ubl';
import { formatCents, taxCents } from '@/demo/world/amounts';
import { storedParticipant } from '@/lib/identifiers';
import { createBoss, queues } from '@/lib/jobs/queues';

// The sandbox's unregistered participants (sandbox/goroute/participants.ts) would answer 404.
const UNREGISTERED = new Set(['luxlogis', 'sablon']);
// The hub sends in its client suppliers' names (docs/business.md): one registered client stands for all here.
const SUPPLIER = buildCompanies().find((c) => c.role === 'supplier' && !UNREGISTERED.has(c.slug))!;

async function insertRows(pool: pg.Pool, table: string, columns: string[], values: unknown[][], chunk = 400) {
  for (let i = 0; i < values.length; i += chunk) {
    const params: unknown[] = [];
    const tuples = values
      .slice(i, i + chunk)
      .map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
    await pool.query(`insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`, params);
  }
}

const docColumns = [
  'id',
  'source_id',
  'upload_idempotency_key',
  'filename',
  'file_format',
  'file_size',
  'exdata_document_id',
  'exdata_status',
  'pipeline_state',
  'sender_name',
  'invoice_number',
  'currency',
  'gross_amount',
];

export type WaitingDocument = { id: string; exdataId: string };

/** Documents uploaded to exdata and waiting for its webhook (`extracting`, exdata status pending). */
export async function insertExtractingDocuments(pool: pg.Pool, n: number, tag: string): Promise<WaitingDocument[]> {
  const docs = Array.from({ length: n }, (_, i) => ({ id: randomUUID(), exdataId: `exd_${tag}_${i}` }));
  await insertRows(
    pool,
    'documents',
    docColumns,
    docs.map((d, i) => [
      d.id,
      `REL-${tag}-X${i}`,
      `upload:${tag}:${i}`,
      `rel-${i}.pdf`,
      'pdf',
      20_000,
      d.exdataId,
      'pending',
      'extracting',
      'Reliability Supplier',
      `RX-${tag}-${i}`,
      'EUR',
      '121.00',
    ]),
  );
  return docs;
}

export type WaitingSend = { id: string; documentId: string; gorouteId: string };

/** Sends GoRoute accepted and is still working on (`sending`), each with its document in `sending`. */
export async function insertSendingTransactions(pool: pg.Pool, n: number, tag: string): Promise<WaitingSend[]> {
  const rows = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    documentId: randomUUID(),
    gorouteId: `gr_${tag}_${i}`,
  }));
  await insertRows(
    pool,
    'documents',
    docColumns,
    rows.map((r, i) => [
      r.documentId,
      `REL-${tag}-S${i}`,
      `upload:${tag}:s${i}`,
      `rel-s${i}.pdf`,
      'pdf',
      20_000,
      `exd_${tag}_s${i}`,
      'completed',
      'sending',
      SUPPLIER.name,
      `RS-${tag}-${i}`,
      'EUR',
      '121.00',
    ]),
  );
  await insertRows(
    pool,
    'transactions',
    [
      'id',
      'goroute_transaction_id',
      'document_id',
      'direction',
      'invoice_number',
      'status',
      'send_idempotency_key',
      'attempts',
      'currency',
      'total_amount',
    ],
    rows.map((r, i) => [
      r.id,
      r.gorouteId,
      r.documentId,
      'outbound',
      `RS-${tag}-${i}`,
      'sending',
      `send:REL-${tag}-S${i}`,
      1,
      'EUR',
      '121.00',
    ]),
  );
  return rows;
}

export type QueuedSend = { id: string; documentId: string; key: string; invoiceNumber: string };

/**
 * Approved documents with a queued outbound transaction each (valid UBL, registered receiver), and one
 * `transaction-send` job per transaction — the state lib/pipeline/outbound.ts leaves an approval in.
 */
export async function insertQueuedSends(
  pool: pg.Pool,
  databaseUrl: string,
  n: number,
  tag: string,
): Promise<QueuedSend[]> {
  const customers = buildCompanies().filter((c) => c.role === 'customer' && !UNREGISTERED.has(c.slug));
  const today = new Date().toISOString().slice(0, 10);
  const sends: QueuedSend[] = [];
  const docs: unknown[][] = [];
  const txns: unknown[][] = [];
  for (let i = 0; i < n; i++) {
    const customer = customers[i % customers.length]!;
    const netCents = 10_000 + ((i * 7919) % 90_000);
    const domestic = customer.country === 'BE';
    const tax = domestic ? taxCents(netCents, 2100) : 0;
    const amounts: Amounts = {
      currency: 'EUR',
      lines: [{ rateBp: domestic ? 2100 : 0, netCents, taxCents: tax, reverseCharge: !domestic }],
      netCents,
      taxCents: tax,
      grossCents: netCents + tax,
    };
    const send = {
      id: randomUUID(),
      documentId: randomUUID(),
      key: `send:REL-${tag}-Q${i}`,
      invoiceNumber: `RQ-${tag}-${i}`,
    };
    sends.push(send);
    const ubl = buildUbl({
      invoiceNumber: send.invoiceNumber,
      issueDate: today,
      dueDate: today,
      amounts,
      buyerReference: `REL-${tag}-Q${i}`,
      supplier: { endpoint: SUPPLIER.peppolId, name: SUPPLIER.name, vatId: SUPPLIER.vatId, iban: SUPPLIER.iban },
      customer: { endpoint: customer.peppolId, name: customer.name, vatId: customer.vatId },
    });
    const receiver = storedParticipant(null, customer.peppolId);
    const sender = storedParticipant(null, SUPPLIER.peppolId);
    docs.push([
      send.documentId,
      `REL-${tag}-Q${i}`,
      `upload:${tag}:q${i}`,
      `rel-q${i}.pdf`,
      'pdf',
      20_000,
      `exd_${tag}_q${i}`,
      'completed',
      'approved',
      SUPPLIER.name,
      send.invoiceNumber,
      'EUR',
      formatCents(amounts.grossCents),
    ]);
    txns.push([
      send.id,
      send.documentId,
      'outbound',
      send.invoiceNumber,
      sender.scheme,
      sender.identifier,
      SUPPLIER.name,
      receiver.scheme,
      receiver.identifier,
      customer.name,
      customer.country,
      'queued',
      send.key,
      'EUR',
      formatCents(amounts.grossCents),
      formatCents(tax),
      ubl,
    ]);
  }
  await insertRows(pool, 'documents', docColumns, docs);
  await insertRows(
    pool,
    'transactions',
    [
      'id',
      'document_id',
      'direction',
      'invoice_number',
      'sender_scheme',
      'sender_identifier',
      'sender_name',
      'receiver_scheme',
      'receiver_identifier',
      'receiver_name',
      'receiver_country',
      'status',
      'send_idempotency_key',
      'currency',
      'total_amount',
      'tax_amount',
      'ubl_xml',
    ],
    txns,
  );
  const boss = createBoss(databaseUrl, { supervise: false, schedule: false, max: 2 });
  boss.on('error', () => {});
  await boss.start();
  try {
    await boss.insert(sends.map((s) => ({ name: queues.transactionSend, data: { transactionId: s.id } })));
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
  return sends;
}

/** Status counts of the given transactions, e.g. `delivered 30, sending 2`. */
export async function statusCounts(pool: pg.Pool, ids: string[]): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: string }>(
    `select status::text as status, count(*) as n from transactions where id = any($1::uuid[]) group by 1`,
    [ids],
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export const describeCounts = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';
