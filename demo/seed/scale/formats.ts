// The columns each scale table is loaded with (the keys the generated rows carry; everything else takes the
// column default, e.g. the bigserial ids of timeline_events and audit_log).
import { apiCalls, auditLog, documents, extractedFields, timelineEvents, transactions, webhookDeliveries } from '@/db/schema';
import { rowFormat } from './copy';

export const documentFormat = rowFormat(documents, [
  'id', 'sourceId', 'exdataDocumentId', 'uploadIdempotencyKey', 'uploadAttempt', 'filename', 'fileFormat', 'fileSize', 'locale', 'requester',
  'exdataStatus', 'processingStage', 'pipelineState', 'blockedReason', 'blockedBy', 'blockedAt', 'vendorId', 'senderName', 'invoiceNumber',
  'currency', 'grossAmount', 'lastRequestId', 'lastErrorCode', 'lastErrorMessage', 'lastErrorDetails', 'reviewClaimedBy', 'reviewClaimExpiresAt',
  'createdAt', 'updatedAt', 'stateChangedAt',
] as const);

export const fieldFormat = rowFormat(extractedFields, [
  'id', 'documentId', 'name', 'value', 'valueJson', 'candidates', 'category', 'reviewState', 'reviewReason', 'approvedValue', 'reviewedBy', 'reviewedAt', 'createdAt',
] as const);

export const transactionFormat = rowFormat(transactions, [
  'id', 'gorouteTransactionId', 'documentId', 'direction', 'documentType', 'invoiceNumber', 'senderScheme', 'senderIdentifier', 'senderName',
  'receiverScheme', 'receiverIdentifier', 'receiverName', 'receiverCountry', 'status', 'sendIdempotencyKey', 'attempts', 'nextAttemptAt',
  'lastErrorCode', 'lastErrorCategory', 'lastErrorRetryable', 'lastErrorMessage', 'lastErrorDetails', 'lastRequestId', 'deadLetteredAt', 'messageId',
  'currency', 'totalAmount', 'taxAmount', 'ublXml', 'createdAt', 'updatedAt', 'statusChangedAt', 'deliveredAt',
] as const);

export const webhookFormat = rowFormat(webhookDeliveries, [
  'id', 'provider', 'deliveryId', 'eventType', 'receivedAt', 'headers', 'body', 'signatureResult', 'timestampSkewSeconds', 'duplicateCount',
  'lastDuplicateAt', 'processingResult', 'processingError', 'processedAt', 'processingLatencyMs', 'effectKey', 'documentId', 'transactionId',
] as const);

export const apiCallFormat = rowFormat(apiCalls, [
  'id', 'provider', 'operation', 'method', 'path', 'httpStatus', 'durationMs', 'requestId', 'idempotencyKey', 'errorCode', 'documentId', 'transactionId', 'createdAt',
] as const);

export const timelineFormat = rowFormat(timelineEvents, [
  'documentId', 'transactionId', 'kind', 'title', 'fromState', 'toState', 'detail', 'actorId', 'apiCallId', 'webhookDeliveryId', 'createdAt',
] as const);

export const auditFormat = rowFormat(auditLog, ['actorId', 'actorEmail', 'action', 'targetType', 'targetId', 'before', 'after', 'note', 'createdAt'] as const);
