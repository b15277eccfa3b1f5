'use client';

import { ActionButton } from '@/components/actions/action-button';
import { resumeUploadsAction } from '../actions';

/**
 * "Resume uploads" once exdata credits are back. `pausedSince` is the pause this page showed (null: uploads are
 * running, only documents blocked for credits wait): the server refuses if that changed meanwhile.
 */
export function ResumeUploadsButton({ pausedSince }: { pausedSince: string | null }) {
  return (
    <ActionButton
      label="Resume uploads"
      confirm={{
        title: 'Are exdata credits back?',
        description:
          'Every document held back by the pause is queued for upload, and those exdata blocked for credits are uploaded again with a new idempotency key.',
        action: 'Resume uploads',
      }}
      run={() => resumeUploadsAction({ pausedSince })}
    />
  );
}
