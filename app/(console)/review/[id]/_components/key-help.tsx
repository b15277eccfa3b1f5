'use client';

import { DialogContent } from '@/components/ui/dialog';

const keys = [
  ['j / k', 'next / previous field'],
  ['1 – 9', 'pick that candidate for the current field'],
  ['a', 'approve the document'],
  ['b', 'block it (asks for a reason)'],
  ['?', 'show or hide these keys'],
];

/** The review's keyboard shortcuts, in a dialog (its <Dialog> root and trigger live in the review form). */
export function KeyHelp() {
  return (
    <DialogContent title="Keyboard shortcuts">
      <dl className="grid grid-cols-[6rem_1fr] gap-1 text-sm">
        {keys.map(([k, what]) => [
          <dt key={k} className="font-mono">
            {k}
          </dt>,
          <dd key={`${k}-d`}>{what}</dd>,
        ])}
      </dl>
    </DialogContent>
  );
}
