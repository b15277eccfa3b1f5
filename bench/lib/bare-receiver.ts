// The baseline for the ingest benchmark: a bare node:http + pg receiver doing the same durable work per
// delivery as the console's receiver did before group commit — HMAC check in constant time, insert (or
// count the duplicate), enqueue the processing job, commit, answer — one transaction per request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import PgBoss from 'pg-boss';
import { Pool } from 'pg';
import { insertAcceptedDeliveries } from '@/db/queries/webhook-ingest';
import { checkSignature, gorouteFormat } from '@/lib/webhooks/signatures';

export async function startBareReceiver(databaseUrl: string, secret: string) {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 2, supervise: false, schedule: false });
  await boss.start();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks);
        if (checkSignature(raw, req.headers['x-goroute-signature'] as string | undefined, { current: secret }, gorouteFormat) === 'invalid') {
          res.writeHead(401).end();
          return;
        }
        const json = JSON.parse(raw.toString('utf8')) as { event_id: string; event: string };
        const client = await pool.connect();
        try {
          await client.query('begin');
          const [stored] = await insertAcceptedDeliveries(client, [
            { provider: 'goroute', deliveryId: json.event_id, eventType: json.event, receivedAt: new Date(), headers: {}, body: raw.toString('utf8'), signatureResult: 'valid', timestampSkewSeconds: 0, processingResult: 'queued', processingError: null },
          ]);
          if (!stored!.duplicate) await boss.send('webhook-process', { deliveryRowId: stored!.id }, { db: { executeSql: (text, values) => client.query(text, values) } });
          await client.query('commit');
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received: true, id: stored!.id }));
        } catch {
          await client.query('rollback').catch(() => {});
          res.writeHead(503).end();
        } finally {
          client.release();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      await new Promise((r) => server.close(r));
      await boss.stop({ graceful: false, wait: true });
      await pool.end();
    },
  };
}
