'use client';

import { ActionButton } from '@/components/actions/action-button';
import { acknowledgeAlertAction, resolveAlertAction } from '../actions';

/** Acknowledge (open only) and Resolve; rendered only for roles with alerts:manage, and checked again on the server. */
export function AlertActions({ id, status }: { id: string; status: string }) {
  return (
    <span className="flex flex-wrap gap-2">
      {status === 'open' && <ActionButton label="Acknowledge" run={() => acknowledgeAlertAction(id)} />}
      {status !== 'resolved' && (
        <ActionButton
          label="Resolve"
          run={() => resolveAlertAction(id)}
          confirm={{
            title: 'Resolve this alert?',
            description: 'If its condition still holds, a new alert opens at the next evaluation.',
            action: 'Resolve alert',
          }}
        />
      )}
    </span>
  );
}
