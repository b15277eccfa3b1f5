import { receiveDocument, samplePdf } from '@/lib/pipeline/intake';
import type { JobDeps } from '../deps';
import { inTransaction } from '../../db/transaction';

// File names carry the sandbox's scenario keywords, so the demo shows every path: clean invoices
// going straight through, ambiguous amounts and changed IBANs waiting for finance, a corrupt scan failing.
const scenarios = [
  'clean',
  'clean',
  'clean',
  'ambiguous',
  'iban-change',
  'clean',
  'missing-total',
  'clean',
  'corrupt',
  'clean',
];

/** The demo's supplier inbox: a few new PDFs a minute, so the console shows documents moving live. */
export async function demoIntake(deps: JobDeps, count: number): Promise<string> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const scenario = scenarios[Math.floor(Math.random() * scenarios.length)]!;
    const number = `INV-${new Date().getUTCFullYear()}-${String(Math.floor(Math.random() * 9000) + 1000)}`;
    const filename = `${number}_${scenario}.pdf`;
    ids.push(
      await inTransaction(deps.pool, deps.boss, (tx, enqueue) =>
        receiveDocument(tx, enqueue, {
          content: samplePdf([`Invoice ${number}`, `Scenario: ${scenario}`]),
          filename,
          contentType: 'application/pdf',
          requester: 'ap-inbox@invoicehub.test',
          locale: 'nl-BE',
        }),
      ),
    );
  }
  return `received ${ids.length}`;
}
