// "12 new — show": each list counts the rows its first page would now show above the row it showed first, with the
// page's own filters, along its own keyset order (lib/live/newer.ts), and stops counting at 100.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, type Cursor } from '@/lib/pagination';
import { freshDatabase, testServers, useAsProcessDatabase } from '@/test/databases';
import { countNewerAlerts } from './alerts';
import { countNewerAuditRows, listAuditLog } from './audit';
import { countNewerDocuments, listDocuments } from './documents';
import { NEWER_CAP } from './keyset';
import { countNewerTransactions, listTransactions } from './transactions';
import { countNewerWebhookDeliveries, listWebhookDeliveries } from './webhooks';

const VENDOR = '00000000-0000-4000-8000-0000000000aa';
const OTHER_VENDOR = '00000000-0000-4000-8000-0000000000bb';

describe.each(testServers())('counts of newer rows on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  let restore: () => void;
  const q = (text: string, values: unknown[] = []) => t.pool.query(text, values);

  beforeAll(async () => {
    t = await freshDatabase(url);
    restore = useAsProcessDatabase(t);
    await q(
      `insert into vendors (id, name, country) values ($1, 'Claeys Elektrotechniek BV', 'BE'), ($2, 'Other NV', 'BE')`,
      [VENDOR, OTHER_VENDOR],
    );
  });
  afterAll(async () => {
    restore?.();
    await t?.drop();
  });

  /** The first row of a page, as the page hands it to the live list. */
  const firstOf = (page: { first: string | null }): Cursor | null => decodeCursor(page.first ?? undefined);

  it('documents: newer than the first row shown, with the same filters, and none older', async () => {
    // 20 older documents, half delivered, half in review; the page's first row is then the newest of those.
    await q(
      `insert into documents (source_id, upload_idempotency_key, filename, file_format, file_size, pipeline_state, vendor_id, created_at)
             select 'old-' || i, 'old-' || i, 'f.pdf', 'pdf', 1, (case when i % 2 = 0 then 'delivered' else 'in_review' end)::pipeline_state,
                    $1, now() - interval '1 hour' - i * interval '1 minute' from generate_series(1, 20) i`,
      [VENDOR],
    );
    const page = await listDocuments({ cursor: null });
    const delivered = await listDocuments({ state: 'delivered', cursor: null });
    expect(await countNewerDocuments({}, firstOf(page))).toEqual({ count: 0, more: false });

    // Then 7 more: 3 delivered by the vendor, 2 in review by the vendor, 2 delivered by another vendor.
    await q(
      `insert into documents (source_id, upload_idempotency_key, filename, file_format, file_size, pipeline_state, vendor_id, created_at)
             select 'new-' || i, 'new-' || i, 'f.pdf', 'pdf', 1,
                    (case when i <= 3 or i > 5 then 'delivered' else 'in_review' end)::pipeline_state,
                    (case when i > 5 then $2 else $1 end)::uuid, now() - i * interval '1 second' from generate_series(1, 7) i`,
      [VENDOR, OTHER_VENDOR],
    );
    expect(await countNewerDocuments({}, firstOf(page))).toEqual({ count: 7, more: false });
    expect(await countNewerDocuments({ state: 'delivered' }, firstOf(delivered))).toEqual({ count: 5, more: false });
    expect(await countNewerDocuments({ state: 'delivered', vendor: 'claeys' }, firstOf(delivered))).toEqual({
      count: 3,
      more: false,
    });
    // A date range that ends before them: nothing new there.
    const past = new Date(Date.now() - 30 * 60_000);
    expect(await countNewerDocuments({ to: past }, firstOf(page))).toEqual({ count: 0, more: false });
    // An empty page (nothing shown yet) counts everything that matches.
    expect(await countNewerDocuments({ vendor: 'other' }, null)).toEqual({ count: 2, more: false });

    // The first page held at its first row (?top=) shows the same rows as before, however many arrived since.
    const held = await listDocuments({ cursor: null, top: firstOf(page) });
    expect(held.items.map((d) => d.id)).toEqual(page.items.map((d) => d.id));
    expect((await listDocuments({ cursor: null })).items[0]!.id).not.toBe(page.items[0]!.id);
  });

  it('stops counting at 100 ("100+")', async () => {
    const page = await listDocuments({ cursor: null });
    await q(`insert into documents (source_id, upload_idempotency_key, filename, file_format, file_size, created_at)
             select 'many-' || i, 'many-' || i, 'f.pdf', 'pdf', 1, now() + i * interval '1 millisecond' from generate_series(1, 150) i`);
    expect(await countNewerDocuments({}, firstOf(page))).toEqual({ count: NEWER_CAP, more: true });
  });

  it('transactions: with a participant (sender or receiver), counting each side once', async () => {
    await q(`insert into transactions (direction, sender_identifier, receiver_identifier, created_at)
             values ('outbound', '0208:0790123495', '0106:12345678', now() - interval '1 hour')`);
    const page = await listTransactions({ participant: '0208:0790123495', cursor: null });
    const first = firstOf(page);
    expect(first).not.toBeNull();
    await q(`insert into transactions (direction, status, sender_identifier, receiver_identifier, created_at) values
             ('outbound', 'delivered', '0208:0790123495', '0106:12345678', now()),
             ('inbound', 'delivered', '0106:12345678', '0208:0790123495', now()),
             ('outbound', 'failed', '0208:0790123495', '0208:0790123495', now()),
             ('outbound', 'delivered', '0106:99999999', '0106:12345678', now())`);
    expect(await countNewerTransactions({ participant: '0208:0790123495' }, first)).toEqual({ count: 3, more: false });
    expect(await countNewerTransactions({ participant: '0208:0790123495', status: 'delivered' }, first)).toEqual({
      count: 2,
      more: false,
    });
    expect(await countNewerTransactions({ direction: 'inbound' }, first)).toEqual({ count: 1, more: false });
    expect(await countNewerTransactions({ participant: 'not an id' }, first)).toEqual({ count: 0, more: false });
  });

  it('webhook deliveries, the audit log and alerts, each along its own order', async () => {
    await q(`insert into webhook_deliveries (provider, delivery_id, headers, signature_result, processing_result, received_at)
             values ('goroute', 'w-old', '{}', 'valid', 'processed', now() - interval '1 hour')`);
    const hooks = await listWebhookDeliveries({ cursor: null });
    await q(`insert into webhook_deliveries (provider, delivery_id, headers, signature_result, processing_result) values
             ('goroute', 'w1', '{}', 'valid', 'processed'), ('exdata', 'w2', '{}', 'valid', 'failed'), ('exdata', 'w3', '{}', 'invalid', 'rejected')`);
    expect(await countNewerWebhookDeliveries({}, firstOf(hooks))).toEqual({ count: 3, more: false });
    expect(await countNewerWebhookDeliveries({ provider: 'exdata' }, firstOf(hooks))).toEqual({
      count: 2,
      more: false,
    });
    expect(await countNewerWebhookDeliveries({ result: 'failed' }, firstOf(hooks))).toEqual({ count: 1, more: false });

    await q(`insert into audit_log (actor_email, action, target_type, target_id, created_at)
             values ('finance@example.test', 'review.approve', 'document', 'd0', now() - interval '1 hour')`);
    const audit = await listAuditLog({ cursor: null });
    await q(`insert into audit_log (actor_email, action, target_type, target_id) values
             ('Finance@example.test', 'review.approve', 'document', 'd1'), ('support@example.test', 'document.block', 'document', 'd1')`);
    expect(await countNewerAuditRows({}, firstOf(audit))).toEqual({ count: 2, more: false });
    expect(await countNewerAuditRows({ actor: 'finance@EXAMPLE.test' }, firstOf(audit))).toEqual({
      count: 1,
      more: false,
    });
    expect(await countNewerAuditRows({ targetId: 'd1', action: 'document.block' }, firstOf(audit))).toEqual({
      count: 1,
      more: false,
    });

    // Alerts are ordered by when last seen: one seen again counts as newer, in the statuses the view shows.
    const { rows } = await q(`insert into alerts (rule, severity, status, title, dedupe_key, last_seen_at) values
             ('dead_letter', 'critical', 'open', 'a', 'k1', now() - interval '1 hour'),
             ('failure_rate', 'warning', 'open', 'b', 'k2', now() - interval '2 hours'),
             ('failure_rate', 'warning', 'resolved', 'c', 'k3', now() - interval '3 hours') returning id, last_seen_at::text as at`);
    const first = decodeCursor(encodeCursor(rows[0].at, rows[0].id));
    expect(await countNewerAlerts({ statuses: ['open', 'acknowledged'] }, first)).toEqual({ count: 0, more: false });
    await q(`update alerts set last_seen_at = now() where dedupe_key in ('k2', 'k3')`);
    expect(await countNewerAlerts({ statuses: ['open', 'acknowledged'] }, first)).toEqual({ count: 1, more: false });
    expect(await countNewerAlerts({ statuses: ['open', 'acknowledged', 'resolved'] }, first)).toEqual({
      count: 2,
      more: false,
    });
  });
});
