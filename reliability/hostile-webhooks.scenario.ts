// Hostile requests to both webhook receivers: each gets the documented status, is recorded as rejected
// (or, for an unknown event, stored and ignored), and nothing is processed — checked in the database.
import { hostileCases, harmlessGenuine, relabelledExdata, type HostileCase, type Provider } from './lib/hostile-cases';
import { one, openDb, probe, seconds, table } from './lib/http-probe';
import { rejectionFlood } from './lib/rejection-flood';
import type { Scenario } from './lib/types';

type Row = {
  id: string;
  signature_result: string;
  processing_result: string;
  processing_error: string | null;
  body_bytes: number | null;
  header_bytes: number;
};

export default {
  name: 'hostile-webhooks',
  title: 'Hostile webhook requests are refused, recorded and never processed',
  proves:
    "forged, tampered, unsigned, stale, future-dated, oversized, malformed, mislabelled and header-bloated webhook requests to both receivers get a clear 4xx, are kept as rejected deliveries, and cause no job, no timeline event and no state change; a genuine exdata delivery re-posted under another X-Event is refused (400, mismatch) and does not block its document; an unverifiable body is kept as a 4 KiB prefix with its hash, and a flood of rejected requests from one client is recorded up to its allowance, then answered 429 unrecorded, while that client's genuine delivery is still accepted.",
  fast: true,
  run: async (ctx) => {
    const t0 = performance.now();
    const stack = await ctx.stack();
    for (const s of Object.values(stack.webhookSecrets)) ctx.secret(s);
    const failures: string[] = [];
    const db = openDb(stack.databaseUrl);
    try {
      // Targets that a processed event would visibly touch (a timeline event at least): a delivered send and
      // a document with an exdata ID. Terminal, so no background work changes them during the run.
      const txn = await one<{ id: string; goroute_transaction_id: string; document_id: string | null }>(
        db,
        `select id, goroute_transaction_id, document_id from transactions where goroute_transaction_id is not null and status = 'delivered' and direction = 'outbound' order by created_at desc limit 1`,
      );
      const doc = await one<{ id: string; exdata_document_id: string }>(
        db,
        `select id, exdata_document_id from documents where exdata_document_id is not null and pipeline_state = 'delivered' order by created_at desc limit 1`,
      );
      if (!txn || !doc)
        return {
          figures: [],
          failures: ['the demo data has no delivered send / document to aim the hostile events at'],
        };
      const snapshot = () =>
        one<{ s: string }>(
          db,
          `select concat_ws('|',
            (select status || updated_at::text from transactions where id = $1),
            (select pipeline_state || updated_at::text from documents where id = $2),
            (select count(*) from timeline_events where transaction_id = $1 or document_id = $2 or document_id = $3)) as s`,
          [txn.id, doc.id, txn.document_id],
        );
      const before = (await snapshot()).s;
      const target = { gorouteTransactionId: txn.goroute_transaction_id, exdataDocumentId: doc.exdata_document_id };

      const cases: HostileCase[] = (['goroute', 'exdata'] as Provider[]).flatMap((p) =>
        hostileCases(p, stack.webhookSecrets[p], target),
      );
      const rows: string[][] = [];
      const rejectedIds: string[] = [];
      const ignoredIds: string[] = [];
      for (const c of cases) {
        const url = `${stack.baseUrl}/api/webhooks/${c.provider}`;
        let status: number;
        try {
          const body = typeof c.body === 'string' ? c.body : c.body();
          const res = await probe(ctx.workDir, `${c.provider}-${c.name}`, url, {
            method: 'POST',
            headers: c.headers,
            body,
            ...(typeof c.body === 'string' ? {} : { duplex: 'half' }),
          } as RequestInit);
          status = res.status;
        } catch (error) {
          // The server may cut the connection on a refused request (headers too large); that is a refusal too.
          status = 0;
          ctx.log(
            `${c.provider} ${c.name}: connection closed (${error instanceof Error ? error.message : String(error)})`,
          );
        }
        const stored = (
          await db.query<Row>(
            `select id, signature_result::text, processing_result::text, processing_error, octet_length(body) as body_bytes, octet_length(headers::text) as header_bytes
             from webhook_deliveries where provider = $1 and delivery_id = $2`,
            [c.provider, c.marker],
          )
        ).rows;
        const row = stored[0];
        const okStatus = status === c.expect || (c.recorded === 'none' && status === 0);
        if (!okStatus) failures.push(`${c.provider} ${c.name}: HTTP ${status}, expected ${c.expect}`);
        if (c.recorded === 'none' && stored.length > 0)
          failures.push(`${c.provider} ${c.name}: expected to be refused before the app, but a row was stored`);
        if (c.recorded !== 'none' && stored.length !== 1)
          failures.push(`${c.provider} ${c.name}: ${stored.length} stored rows, expected 1`);
        if (c.recorded === 'rejected' && row && row.processing_result !== 'rejected')
          failures.push(`${c.provider} ${c.name}: stored as ${row.processing_result}, expected rejected`);
        if (row && c.recorded === 'rejected') rejectedIds.push(row.id);
        if (row && c.recorded === 'ignored') ignoredIds.push(row.id);
        if (row && row.header_bytes > 16 * 1024)
          failures.push(
            `${c.provider} ${c.name}: ${row.header_bytes} bytes of headers stored (values are capped at 2 KiB)`,
          );
        rows.push([
          c.provider,
          c.name,
          String(status || 'closed'),
          row ? `${row.processing_result} (${row.signature_result})` : 'not stored',
          row?.processing_error ?? (c.recorded === 'none' ? "Node's 16 KiB header limit, before the app" : ''),
        ]);
      }

      // Replays of a genuine delivery (GoRoute: even with a 6-minute-old body timestamp) are duplicates: 200, no second
      // job.
      for (const p of ['goroute', 'exdata'] as Provider[]) {
        const g = harmlessGenuine(p, stack.webhookSecrets[p], p === 'goroute' ? Date.now() - 6 * 60_000 : Date.now());
        const first = await probe(ctx.workDir, `${p}-replay-original`, `${stack.baseUrl}/api/webhooks/${p}`, {
          method: 'POST',
          headers: g.headers,
          body: g.body,
        });
        const replay = await probe(ctx.workDir, `${p}-replay`, `${stack.baseUrl}/api/webhooks/${p}`, {
          method: 'POST',
          headers: g.headers,
          body: g.body,
        });
        const dup = replay.status === 200 && (JSON.parse(replay.text) as { duplicate?: boolean }).duplicate === true;
        const jobs = await one<{ n: string }>(
          db,
          `select count(*) as n from pgboss.job j cross join jsonb_array_elements_text(j.data->'deliveryRowIds') as q(id) join webhook_deliveries w on q.id = w.id::text where w.provider = $1 and w.delivery_id = $2`,
          [p, g.marker],
        );
        rows.push([
          p,
          `replay of a genuine delivery${p === 'goroute' ? ' (body 6 min old)' : ''}`,
          `${first.status} then ${replay.status}`,
          dup ? 'duplicate, counted' : 'NOT a duplicate',
          `${jobs.n} processing job(s)`,
        ]);
        if (first.status !== 200 || !dup || Number(jobs.n) !== 1)
          failures.push(
            `${p} replay: first ${first.status}, replay ${replay.status} (duplicate: ${dup}), ${jobs.n} jobs (expected 200, a duplicate, 1 job)`,
          );
      }

      // A genuine exdata delivery relabelled: its signed body and signature again, with a new X-Delivery, a fresh
      // X-Timestamp and X-Event: document.blocked. Aimed at a document in review, which a block would move.
      const relabel = await relabelAttack(ctx.workDir, stack.baseUrl, db, stack.webhookSecrets.exdata);
      rows.push(relabel.row);
      failures.push(...relabel.failures);
      if (relabel.rejectedId) rejectedIds.push(relabel.rejectedId);

      // What an anonymous sender can make us store: a bounded body, and a bounded number of requests a minute.
      const flood = await rejectionFlood(stack.baseUrl, stack.webhookSecrets.goroute, db);
      rows.push(...flood.rows);
      failures.push(...flood.failures);

      // Unknown events are stored and acknowledged (docs/providers.md), then processed to `ignored`: wait for the
      // worker.
      const deadline = Date.now() + 60_000;
      let pending = ignoredIds.length;
      while (pending > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1_000));
        pending = Number(
          (
            await one<{ n: string }>(
              db,
              `select count(*) as n from webhook_deliveries where id = any($1) and processing_result = 'queued'`,
              [ignoredIds],
            )
          ).n,
        );
      }
      const ignored = await db.query<{ processing_result: string }>(
        `select processing_result::text from webhook_deliveries where id = any($1)`,
        [ignoredIds],
      );
      for (const r of ignored.rows)
        if (r.processing_result !== 'ignored')
          failures.push(`unknown event processed as ${r.processing_result}, expected ignored`);

      const jobs = await one<{ n: string }>(
        db,
        `select count(*) as n from pgboss.job, jsonb_array_elements_text(data->'deliveryRowIds') as q(id) where q.id = any($1)`,
        [rejectedIds],
      );
      if (Number(jobs.n) !== 0) failures.push(`${jobs.n} processing jobs exist for rejected deliveries`);
      const after = (await snapshot()).s;
      if (after !== before)
        failures.push(`the targeted send/document changed (state, updated_at or timeline): ${before} → ${after}`);

      ctx.log(`\n${table(['provider', 'case', 'HTTP', 'stored as', 'reason recorded'], rows)}`);
      const asExpected = cases.length - failures.filter((f) => /HTTP \d+, expected/.test(f)).length;
      return {
        figures: [
          { label: 'hostile requests (both receivers)', value: String(cases.length) },
          { label: 'answered with the documented status', value: `${asExpected} of ${cases.length}` },
          { label: 'recorded as rejected deliveries', value: String(rejectedIds.length) },
          { label: 'processing jobs for rejected deliveries', value: jobs.n },
          {
            label: 'unknown events stored and ignored',
            value: `${ignored.rows.filter((r) => r.processing_result === 'ignored').length} of ${ignoredIds.length}`,
          },
          {
            label: 'relabelled genuine delivery refused, its document not blocked',
            value: relabel.failures.length === 0 ? 'yes' : 'no',
          },
          { label: 'rejected-request flood from one client', value: flood.summary },
          { label: 'targeted send and document unchanged', value: after === before ? 'yes' : 'no' },
          { label: 'run time', value: seconds(performance.now() - t0) },
        ],
        failures,
      };
    } finally {
      await db.end();
    }
  },
} satisfies Scenario;

type Pool = ReturnType<typeof openDb>;

/**
 * Posts a genuine exdata delivery about a document in review, then its copy under X-Event: document.blocked.
 * The copy must be answered 400 and stored as rejected (`mismatch`), and once the worker is done with both the
 * document must still be in review with no block on its timeline: the event is the signed body's, not the header's.
 */
async function relabelAttack(workDir: string, baseUrl: string, db: Pool, secret: string) {
  const doc = await one<{ id: string; exdata_document_id: string }>(
    db,
    `select id, exdata_document_id from documents where exdata_document_id is not null and pipeline_state = 'in_review' order by created_at desc limit 1`,
  );
  const name = 'genuine delivery relabelled (new X-Delivery, fresh X-Timestamp, X-Event document.blocked)';
  if (!doc)
    return {
      row: ['exdata', name, '—', 'not run', ''],
      failures: ['the demo data has no document in review to aim the relabelled delivery at'],
      rejectedId: null,
    };
  const blocks = () =>
    one<{ n: string }>(
      db,
      `select count(*) as n from timeline_events where document_id = $1 and (to_state = 'blocked' or title like 'Blocked at exdata%')`,
      [doc.id],
    );
  const blocksBefore = (await blocks()).n;
  const attack = relabelledExdata(secret, doc.exdata_document_id, 'document.blocked');
  const url = `${baseUrl}/api/webhooks/exdata`;
  const original = attack.original();
  const first = await probe(workDir, 'exdata-relabel-original', url, {
    method: 'POST',
    headers: original.headers,
    body: attack.body,
  });
  const copy = attack.relabelled();
  const second = await probe(workDir, 'exdata-relabel-copy', url, {
    method: 'POST',
    headers: copy.headers,
    body: attack.body,
  });
  const row = (
    await db.query<Pick<Row, 'id' | 'signature_result' | 'processing_result' | 'processing_error'>>(
      `select id, signature_result::text, processing_result::text, processing_error from webhook_deliveries where provider = 'exdata' and delivery_id = $1`,
      [copy.marker],
    )
  ).rows[0];
  // Whatever was accepted (the original; the copy too, were the header believed) is processed before the document is
  // read.
  const deadline = Date.now() + 60_000;
  const queued = () =>
    one<{ n: string }>(
      db,
      `select count(*) as n from webhook_deliveries where provider = 'exdata' and delivery_id = any($1) and processing_result = 'queued'`,
      [[original.marker, copy.marker]],
    );
  while (Number((await queued()).n) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  const after = await one<{ pipeline_state: string; exdata_status: string | null }>(
    db,
    `select pipeline_state::text, exdata_status::text from documents where id = $1`,
    [doc.id],
  );
  const blocksAfter = (await blocks()).n;

  const failures: string[] = [];
  if (first.status !== 200)
    failures.push(`exdata relabel: the genuine original was answered ${first.status}, expected 200`);
  if (second.status !== 400)
    failures.push(`exdata relabel: the relabelled copy was answered ${second.status}, expected 400`);
  if (!row || row.processing_result !== 'rejected' || row.signature_result !== 'mismatch') {
    failures.push(
      `exdata relabel: the copy is stored as ${row ? `${row.processing_result} (${row.signature_result})` : 'nothing'}, expected rejected (mismatch)`,
    );
  }
  if (after.pipeline_state !== 'in_review' || after.exdata_status === 'blocked' || blocksAfter !== blocksBefore) {
    failures.push(
      `exdata relabel: document ${doc.id} is ${after.pipeline_state} (exdata ${after.exdata_status}), block events ${blocksBefore} → ${blocksAfter}; expected still in review, never blocked`,
    );
  }
  return {
    row: [
      'exdata',
      name,
      `${first.status} then ${second.status}`,
      row ? `${row.processing_result} (${row.signature_result}); document ${after.pipeline_state}` : 'not stored',
      row?.processing_error ?? '',
    ],
    failures,
    rejectedId: row?.id ?? null,
  };
}
