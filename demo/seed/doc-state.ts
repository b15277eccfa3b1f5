// The state one seeded document carries through its story, and the extraction errors it may meet.
import type { ExdataStatus, PipelineState } from '@/db/schema';
import type { Company } from '@/demo/world/companies';
import type { Amounts } from '@/demo/world/amounts';
import type { DocPlan } from './plans';
import type { ExdataDocInfo } from './webhooks';

interface Recipient {
  name: string;
  vatId: string;
  peppolId: string;
  country: string;
}

export interface DocState {
  id: string;
  sourceId: string;
  plan: DocPlan;
  supplier: Company;
  vendorId: string;
  recipient: Recipient;
  amounts: Amounts;
  invoiceNumber: string;
  issueDate: string;
  dueDate: string;
  info: ExdataDocInfo;
  uploadAttempt: number;
  exdataStatus: ExdataStatus | null;
  processingStage: string | null;
  state: PipelineState;
  extracted: boolean;
  grossAmount: string | null;
  lastRequestId: string | null;
  lastError: { code: string; message: string; details: unknown } | null;
  blocked: { reason: string; by: string | null; at: Date } | null;
  claim: { by: string; expiresAt: Date } | null;
}

export const EXTRACTION_ERRORS = [
  {
    code: 'document_unreadable',
    message: 'The document could not be read: the scan resolution is too low for text recognition.',
  },
  { code: 'password_protected', message: 'The PDF is encrypted with a password and cannot be processed.' },
  { code: 'no_invoice_detected', message: 'No invoice was detected in the document; it looks like a delivery note.' },
  { code: 'extraction_failed', message: 'Extraction failed after 3 attempts. Contact support with the request ID.' },
  { code: 'page_limit_exceeded', message: 'The document has 64 pages; the maximum is 50.' },
  { code: 'document_unreadable', message: 'The document could not be read: the PDF file is damaged.' },
];
