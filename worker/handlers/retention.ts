import { sql } from 'drizzle-orm';
import { retentionSettings } from '@/lib/settings/schemas';
import type { JobDeps } from '../deps';

/** Rows per statement: each batch is its own short transaction, so no lock is held for long. */
export const RETENTION_BATCH = 5_000;

// What a delivery keeps once its body is gone: enough to identify it, nothing that repeats the payload.
// The signature goes too: an HMAC of a purged body proves nothing any more.
const KEPT_HEADERS = ['content-type', 'user-agent', 'x-event', 'x-delivery', 'x-timestamp', 'x-goroute-event-id'];

type Cursor = { at: Date; id: string } | null;
type Deps = Pick<JobDeps, 'db'>;

/**
 * Walks one keyset index (declared "desc nulls last", so the queries say so too) from the cutoff backwards, a batch at
 * a time, clearing what `purge` clears. The cursor keeps a run linear even though purged rows stay in the index
 * (metadata is kept).
 */
async function walk(db: Deps['db'], batch: (cursor: Cursor) => ReturnType<typeof sql>) {
  let cursor: Cursor = null;
  let purged = 0;
  for (;;) {
    const result = await db.execute<{ at: Date; id: string; purged: boolean }>(batch(cursor));
    const rows: { at: Date; id: string; purged: boolean }[] = result.rows;
    purged += rows.filter((r) => r.purged).length;
    const last = rows.at(-1);
    if (!last || rows.length < RETENTION_BATCH) return purged;
    cursor = { at: new Date(last.at), id: last.id };
  }
}

const after = (cursor: Cursor, at: ReturnType<typeof sql>, id: ReturnType<typeof sql>) =>
  cursor ? sql`and (${at}, ${id}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)` : sql``;

/**
 * Nightly: raw payloads older than the admin's retention period are cleared — webhook bodies (and all but
 * identifying headers), uploaded files of documents that are done with them, and the UBL of delivered
 * transactions. Metadata, timelines and the audit log stay. Running it again changes nothing.
 */
export async function retention(deps: Deps, opts: { now?: Date } = {}): Promise<string> {
  const { raw_payload_days: days } = await retentionSettings(deps.db);
  const cutoff = new Date((opts.now ?? new Date()).getTime() - days * 86_400_000);
  const before = cutoff.toISOString();

  // A delivery still queued needs its body to be processed; everything else only keeps it for people to read.
  const webhooks = await walk(
    deps.db,
    (cursor) => sql`
    with page as (
      select id, received_at, body is not null and processing_result <> 'queued' as purge from webhook_deliveries
      where received_at < ${before}::timestamptz ${after(cursor, sql`received_at`, sql`id`)}
      order by received_at desc nulls last, id desc nulls last limit ${RETENTION_BATCH}),
    done as (
      update webhook_deliveries w set body = null,
        headers = (select coalesce(jsonb_object_agg(h.key, h.value), '{}'::jsonb) from jsonb_each(w.headers) h where h.key in ${KEPT_HEADERS})
      from page where w.id = page.id and page.purge returning w.id)
    select page.id, page.received_at as at, page.id in (select id from done) as purged from page order by page.received_at desc, page.id desc`,
  );

  const ubl = await walk(
    deps.db,
    (cursor) => sql`
    with page as (
      select id, created_at, ubl_xml is not null as purge from transactions
      where status = 'delivered' and created_at < ${before}::timestamptz ${after(cursor, sql`created_at`, sql`id`)}
      order by status, created_at desc nulls last, id desc nulls last limit ${RETENTION_BATCH}),
    done as (update transactions t set ubl_xml = null from page where t.id = page.id and page.purge returning t.id)
    select page.id, page.created_at as at, page.id in (select id from done) as purged from page order by page.created_at desc, page.id desc`,
  );

  // Only documents that can no longer be uploaded again: a blocked or failed upload may still need its file.
  let files = 0;
  for (;;) {
    const result = await deps.db.execute(sql`
      delete from document_files f using (
        select f.document_id from document_files f join documents d on d.id = f.document_id
        where f.created_at < ${before}::timestamptz and d.pipeline_state in ('delivered', 'dead_letter') limit ${RETENTION_BATCH}) old
      where f.document_id = old.document_id`);
    files += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < RETENTION_BATCH) break;
  }

  // Failed sign-ins (e-mail and client address of each) serve the burst alert and an investigation, no longer.
  let signIns = 0;
  for (;;) {
    const result = await deps.db.execute(sql`
      delete from sign_in_failures where id in (select id from sign_in_failures where at < ${before}::timestamptz limit ${RETENTION_BATCH})`);
    signIns += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < RETENTION_BATCH) break;
  }

  return `retention ${days} d (before ${before}): ${webhooks} webhook bodies, ${files} uploaded files, ${ubl} UBL documents, ${signIns} failed sign-ins purged`;
}
