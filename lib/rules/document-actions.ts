import type { PipelineState, Role } from '@/db/schema/enums';
import { can } from '@/lib/rules/permissions';
import { canUnblock, type Blocker } from '@/lib/rules/unblock';
import { isBlockable, isFixable, isReuploadable } from './documents';
import { personMayRetry, type SendFacts } from './sends';

/** The buttons a document page offers; `retrySend` names the send to retry. */
export type AvailableActions = {
  retrySend?: string;
  retryUpload?: boolean;
  block?: boolean;
  unblock?: boolean;
  fix?: boolean;
};

export type ActionDocument = { pipelineState: PipelineState; lastErrorCode: string | null; blockedBy: string | null };

/**
 * Who may do what on this document now: the role's permission and the same rules the server operations apply
 * (they check both again, so a hidden button is a courtesy, never the guard).
 */
export function documentActions(
  role: Role,
  doc: ActionDocument,
  blocker: Blocker | null,
  latestSend: (SendFacts & { id: string }) | null,
): AvailableActions {
  const blocked = doc.pipelineState === 'blocked';
  const retryable = latestSend !== null && personMayRetry(latestSend, { documentBlocked: blocked, superseded: false });
  return {
    retrySend: retryable && can(role, 'transactions:retry') ? latestSend.id : undefined,
    retryUpload: can(role, 'documents:retry') && isReuploadable(doc),
    block: can(role, 'documents:block') && isBlockable(doc.pipelineState),
    unblock: blocked && blocker !== null && canUnblock(role, blocker),
    fix: can(role, 'documents:fix') && isFixable(doc.pipelineState),
  };
}
