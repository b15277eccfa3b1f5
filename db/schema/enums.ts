import { pgEnum } from 'drizzle-orm/pg-core';
import { exdataStatuses, type ExdataStatus } from '@/lib/exdata/schemas';
import { directions, type Direction } from '@/lib/goroute/schemas';
import { errorCategories, providers, type ErrorCategory, type Provider } from '@/lib/provider-http/errors';

// `as const` arrays are the single source: drizzle enums here, zod enums in forms and filters.
// The providers' vocabulary (which providers, their statuses, how their failures are grouped) is defined beside
// their clients, which know nothing of the database; the database stores it through these enums.
export {
  directions,
  errorCategories,
  exdataStatuses,
  providers,
  type Direction,
  type ErrorCategory,
  type ExdataStatus,
  type Provider,
};

export const roles = ['admin', 'support', 'finance', 'manager'] as const;
export type Role = (typeof roles)[number];
export const roleEnum = pgEnum('role', roles);

export const providerEnum = pgEnum('provider', providers);

export const exdataStatusEnum = pgEnum('exdata_status', exdataStatuses);

/** Our pipeline state for one document (docs/architecture.md, "One document's life"). */
export const pipelineStates = [
  'received',
  'uploading',
  'extracting',
  'extraction_failed',
  'in_review',
  'approved',
  'sending',
  'delivered',
  'send_failed',
  'dead_letter',
  'blocked',
] as const;
export type PipelineState = (typeof pipelineStates)[number];
export const pipelineStateEnum = pgEnum('pipeline_state', pipelineStates);

export const fieldCategories = ['money', 'tax', 'vendor_identity', 'other'] as const;
export type FieldCategory = (typeof fieldCategories)[number];
export const fieldCategoryEnum = pgEnum('field_category', fieldCategories);

export const reviewStates = ['not_required', 'needs_review', 'approved', 'overridden'] as const;
export type ReviewState = (typeof reviewStates)[number];
export const reviewStateEnum = pgEnum('review_state', reviewStates);

/** GoRoute's transaction lifecycle plus `queued`: built locally, not yet accepted by GoRoute. */
export const transactionStatuses = ['queued', 'pending', 'processing', 'sending', 'delivered', 'failed'] as const;
export type TransactionStatus = (typeof transactionStatuses)[number];
export const transactionStatusEnum = pgEnum('transaction_status', transactionStatuses);

export const directionEnum = pgEnum('direction', directions);

export const errorCategoryEnum = pgEnum('error_category', errorCategories);

/**
 * `mismatch`: validly signed, but an unsigned header names another event than the signed body (a replayed body
 * relabelled). Like the other non-valid results it is rejected and counts toward the signature-failure alert.
 */
export const signatureResults = ['valid', 'valid_previous_secret', 'missing', 'invalid', 'stale', 'mismatch'] as const;
export type SignatureResult = (typeof signatureResults)[number];
export const signatureResultEnum = pgEnum('signature_result', signatureResults);

export const processingResults = [
  'queued',
  'processed',
  'duplicate_effect',
  'unmatched',
  'ignored',
  'failed',
  'rejected',
] as const;
export type ProcessingResult = (typeof processingResults)[number];
export const processingResultEnum = pgEnum('processing_result', processingResults);

export const timelineKinds = ['transition', 'api_call', 'webhook', 'human', 'system'] as const;
export type TimelineKind = (typeof timelineKinds)[number];
export const timelineKindEnum = pgEnum('timeline_kind', timelineKinds);

export const auditActions = [
  'auth.sign_in',
  'document.retry',
  'document.block',
  'document.unblock',
  'review.claim',
  'review.approve',
  'review.block',
  'review.field_override',
  'transaction.retry',
  'transaction.resend',
  'webhook.reprocess',
  'settings.update',
  'user.create',
  'user.update',
  'checklist.attest',
  'alert.acknowledge',
  'alert.resolve',
] as const;
export type AuditAction = (typeof auditActions)[number];
export const auditActionEnum = pgEnum('audit_action', auditActions);

export const alertRules = [
  'pending_too_long',
  'insufficient_credits',
  'failure_rate',
  'signature_failures',
  'webhook_silence',
  'dead_letter',
  'sign_in_failures',
] as const;
export type AlertRule = (typeof alertRules)[number];
export const alertRuleEnum = pgEnum('alert_rule', alertRules);

export const alertSeverities = ['info', 'warning', 'critical'] as const;
export const alertSeverityEnum = pgEnum('alert_severity', alertSeverities);

export const alertStatuses = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof alertStatuses)[number];
export const alertStatusEnum = pgEnum('alert_status', alertStatuses);
