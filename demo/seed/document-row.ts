// The documents row a document's story ends with: its state as the story left it (the demo seed and seed:scale).
import type { DocState } from './doc-state';
import type { DocumentRow, Story } from './story';

export function documentRow(d: DocState, s: Story): DocumentRow {
  const extracted = d.extracted;
  return {
    id: d.id,
    sourceId: d.sourceId,
    exdataDocumentId: d.info.id || null,
    uploadIdempotencyKey: `upload:${d.sourceId}:${d.uploadAttempt}`,
    uploadAttempt: d.uploadAttempt,
    filename: d.info.filename,
    fileFormat: d.info.fileFormat,
    fileSize: d.info.fileSize,
    locale: d.info.locale,
    requester: d.info.requester,
    exdataStatus: d.exdataStatus,
    processingStage: d.exdataStatus === 'pending' ? d.processingStage : null,
    pipelineState: d.state,
    blockedReason: d.blocked?.reason ?? null,
    blockedBy: d.blocked?.by ?? null,
    blockedAt: d.blocked?.at ?? null,
    vendorId: extracted ? d.vendorId : null,
    senderName: extracted ? d.supplier.name : null,
    invoiceNumber: extracted ? d.invoiceNumber : null,
    currency: extracted ? d.amounts.currency : null,
    grossAmount: extracted ? d.grossAmount : null,
    lastRequestId: d.lastRequestId,
    lastErrorCode: d.lastError?.code ?? null,
    lastErrorMessage: d.lastError?.message ?? null,
    lastErrorDetails: d.lastError?.details ?? null,
    reviewClaimedBy: d.claim?.by ?? null,
    reviewClaimExpiresAt: d.claim?.expiresAt ?? null,
    createdAt: new Date(d.plan.createdAt),
    updatedAt: s.date,
    stateChangedAt: new Date(s.documentStateAt),
  };
}
