import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, numeric, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { exdataStatusEnum, fieldCategoryEnum, pipelineStateEnum, reviewStateEnum } from './enums';
import { users } from './users';
import { vendors } from './vendors';

export const documents = pgTable(
  'documents',
  {
    id: uuid().primaryKey().defaultRandom(),
    // Our own ID for the uploaded file; shown and searched next to the exdata ID (checklist: "store both together").
    sourceId: text().notNull().unique('documents_source_id_key'),
    exdataDocumentId: text().unique('documents_exdata_document_id_key'),
    // Stable per logical upload; a new key only on a deliberate retry after 402 (uploadAttempt + 1).
    uploadIdempotencyKey: text().notNull().unique('documents_upload_idempotency_key_key'),
    uploadAttempt: integer().notNull().default(1),
    filename: text().notNull(),
    fileFormat: text().notNull(),
    fileSize: bigint({ mode: 'number' }).notNull(),
    locale: text(),
    requester: text(),
    exdataStatus: exdataStatusEnum(),
    processingStage: text(),
    pipelineState: pipelineStateEnum().notNull().default('received'),
    blockedReason: text(),
    blockedBy: uuid().references(() => users.id),
    blockedAt: timestamp({ withTimezone: true }),
    vendorId: uuid().references(() => vendors.id),
    senderName: text(),
    invoiceNumber: text(),
    currency: text(),
    grossAmount: numeric({ precision: 18, scale: 2 }),
    lastRequestId: text(),
    lastErrorCode: text(),
    lastErrorMessage: text(),
    lastErrorDetails: jsonb(),
    // One reviewer at a time: the claim expires so an abandoned tab does not lock a document forever.
    reviewClaimedBy: uuid().references(() => users.id),
    reviewClaimExpiresAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    stateChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Documents list, newest first, keyset on (created_at, id).
    index('documents_created_idx').on(t.createdAt.desc(), t.id.desc()),
    // Documents list filtered by pipeline state; also the review queue (oldest first) via a backward scan.
    index('documents_state_created_idx').on(t.pipelineState, t.createdAt.desc(), t.id.desc()),
    // Pending-too-long: exdata documents still pending, oldest state change first.
    index('documents_exdata_pending_idx')
      .on(t.stateChangedAt)
      .where(sql`${t.exdataStatus} = 'pending'`),
    // Pending too long (lib/rules/pending.ts): each state that waits, oldest state change first; the view, the
    // alert, the gauge and the sweep read one range per state.
    index('documents_waiting_idx')
      .on(t.pipelineState, t.stateChangedAt)
      .where(
        sql`${t.pipelineState} in ('received', 'uploading', 'extracting', 'in_review', 'approved', 'sending', 'send_failed')`,
      ),
    // Failures view: failed extractions, latest failure first.
    index('documents_extraction_failed_idx')
      .on(t.stateChangedAt.desc())
      .where(sql`${t.pipelineState} = 'extraction_failed'`),
    // Documents list filtered by vendor.
    index('documents_vendor_created_idx').on(t.vendorId, t.createdAt.desc(), t.id.desc()),
    index('documents_invoice_number_idx').on(t.invoiceNumber),
    index('documents_last_request_id_idx').on(t.lastRequestId),
  ],
);

export const extractedFields = pgTable(
  'extracted_fields',
  {
    id: uuid().primaryKey().defaultRandom(),
    documentId: uuid()
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    // exdata's `value` as text (money stays a decimal string); structured values such as tax_breakdowns in valueJson.
    value: text(),
    valueJson: jsonb(),
    candidates: text().array(),
    category: fieldCategoryEnum().notNull(),
    reviewState: reviewStateEnum().notNull().default('not_required'),
    reviewReason: text(),
    approvedValue: text(),
    reviewedBy: uuid().references(() => users.id),
    reviewedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('extracted_fields_document_name_key').on(t.documentId, t.name),
    // Review queue: which documents still have fields waiting for a person.
    index('extracted_fields_needs_review_idx')
      .on(t.documentId)
      .where(sql`${t.reviewState} = 'needs_review'`),
  ],
);
