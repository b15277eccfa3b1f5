// Invoices that arrived over Peppol for the hub's clients (docs/business.md): a business that bills one of our
// client suppliers — here one of the demo's customer companies, which trade both ways — sends it to the client's
// Peppol ID, which the hub's access point serves. GoRoute announces each with document.received; we fetch it.
import { invoiceNumberFor, type Company } from '@/demo/world/companies';
import { buildAmounts } from '@/demo/world/amounts';
import { formatCents } from '@/demo/world/amounts';
import { splitPeppolId } from '@/lib/identifiers';
import { Rng } from '@/demo/world/prng';
import { DAY, MINUTE, Story, type SeedContext } from './story';
import { buildUbl } from '@/demo/world/ubl';
import { gorouteDelivery } from './webhooks';

const SECOND = 1000;

export function seedInbound(ctx: SeedContext, companies: Company[], count: number): void {
  const rng = new Rng('inbound');
  const clients = companies.filter((c) => c.role === 'supplier');
  const issuers = companies.filter((c) => c.role === 'customer');
  for (let i = 0; i < count; i++) {
    const t = ctx.now - rng.int(10 * MINUTE, 30 * DAY);
    const supplier = rng.pick(issuers);
    const client = rng.pick(clients);
    const sender = { ...splitPeppolId(supplier.peppolId), name: supplier.name };
    const receiver = { ...splitPeppolId(client.peppolId), name: client.name };
    const amounts = buildAmounts(rng, supplier, client.country);
    const issueDate = new Date(t - rng.int(0, 3) * DAY).toISOString().slice(0, 10);
    const dueDate = new Date(t + 30 * DAY).toISOString().slice(0, 10);
    const invoiceNumber = invoiceNumberFor(supplier, supplier.firstInvoiceSeq + 400 + i, Number(issueDate.slice(0, 4)));
    const documentType = i % 13 === 5 ? 'credit_note' : 'invoice';
    const id = ctx.uuid();
    const gorouteId = ctx.gorouteTransactionId();
    const deliveredAt = new Date(t - rng.int(2, 20) * SECOND);
    const messageId = `${ctx.ids.uuid()}@${supplier.slug.replace(/-/g, '')}.ap.example`;
    const s = new Story(ctx, t, null, id);
    s.webhook(
      gorouteDelivery(
        ctx,
        rng,
        'document.received',
        {
          transaction_id: gorouteId,
          document_id: 'gdoc_' + ctx.ids.alnum(20),
          sender,
          receiver,
          document_type: documentType,
          invoice_number: invoiceNumber,
          issue_date: issueDate,
          currency: amounts.currency,
          total_amount: formatCents(amounts.grossCents),
          tax_amount: formatCents(amounts.taxCents),
          received_at: deliveredAt.toISOString(),
          download_url: `https://app.goroute.ai/peppol-api/api/v1/transactions/${gorouteId}/document`,
          attachments: rng.chance(0.4)
            ? [{ filename: `${invoiceNumber.replace(/[/.\s]/g, '-')}.pdf`, mime_type: 'application/pdf' }]
            : [],
        },
        { t, processing: 'processed' },
      ),
    );
    const requestId = ctx.gorouteRequestId();
    s.call({
      provider: 'goroute',
      operation: 'transactions.get',
      method: 'GET',
      path: `/api/v1/transactions/${gorouteId}`,
      status: 200,
      durationMs: rng.int(70, 300),
      requestId,
    });
    s.transactionTransition(null, 'delivered', { direction: 'inbound', sender: supplier.peppolId });
    ctx.data.transactions.push({
      id,
      gorouteTransactionId: gorouteId,
      documentId: null,
      direction: 'inbound',
      documentType,
      invoiceNumber,
      senderScheme: sender.scheme,
      senderIdentifier: sender.identifier,
      senderName: sender.name,
      receiverScheme: receiver.scheme,
      receiverIdentifier: receiver.identifier,
      receiverName: receiver.name,
      receiverCountry: client.country,
      status: 'delivered',
      sendIdempotencyKey: null,
      attempts: 0,
      lastRequestId: requestId,
      messageId,
      currency: amounts.currency,
      totalAmount: formatCents(amounts.grossCents),
      taxAmount: formatCents(amounts.taxCents),
      ublXml:
        i % 11 === 2
          ? buildUbl({
              invoiceNumber,
              issueDate,
              dueDate,
              amounts,
              buyerReference: `PO-${rng.digits(6)}`,
              supplier: {
                endpoint: supplier.peppolId,
                name: supplier.name,
                vatId: supplier.vatId,
                iban: supplier.iban,
              },
              customer: { endpoint: client.peppolId, name: client.name, vatId: client.vatId },
            })
          : null,
      createdAt: new Date(t),
      updatedAt: s.date,
      statusChangedAt: new Date(s.transactionStateAt),
      deliveredAt,
    });
  }
}
