'use client';

import { ActionButton } from '@/components/actions/action-button';
import { reprocessWebhook } from '../../actions';

export function ReprocessButton({ id }: { id: string }) {
  return <ActionButton label="Reprocess" run={() => reprocessWebhook(id)} />;
}
