'use client';

import { useEffect } from 'react';

/** Marks the page interactive (html[data-hydrated]); end-to-end tests wait for it before clicking. */
export function HydrationMark() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = '1';
  }, []);
  return null;
}
