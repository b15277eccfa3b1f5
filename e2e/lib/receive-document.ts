// Receives one supplier PDF through the real intake code (row, file and upload job in one commit), as demo intake
// and the reliability scenarios do, and prints its ID. Run by e2e specs with tsx (the app's modules are ESM and read
// their environment when loaded): DATABASE_URL names the e2e server's database, argv[2] the file name.
import { inTransaction } from '../../db/transaction';
import { createBoss } from '../../lib/jobs/queues';
import { receiveDocument, samplePdf } from '../../lib/pipeline/intake';
import pg from 'pg';

async function main() {
  const url = process.env.DATABASE_URL!;
  const filename = process.argv[2]!;
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const boss = createBoss(url, { supervise: false, schedule: false, max: 2 });
  boss.on('error', () => {});
  await boss.start();
  try {
    const id = await inTransaction(pool, boss, (tx, enqueue) =>
      receiveDocument(tx, enqueue, {
        content: samplePdf([`Invoice ${filename}`]),
        filename,
        contentType: 'application/pdf',
        requester: 'e2e@invoicehub.test',
      }),
    );
    process.stdout.write(id);
  } finally {
    await boss.stop({ graceful: false, wait: true });
    await pool.end();
  }
}

void main();
