'use client';

import { useCallback, useEffect, useRef } from 'react';

/**
 * `run` at most once per `ms`: the first call runs it at once (when the last run is at least `ms` ago), calls while
 * one is due only confirm it, and one arriving too soon runs it when the `ms` are up. The latest `run` is the one run.
 */
export function useThrottled(run: () => void, ms: number): () => void {
  const latest = useRef(run);
  const last = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => {
    latest.current = run;
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    if (timer.current !== undefined) return;
    const wait = Math.max(0, last.current + ms - Date.now());
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      last.current = Date.now();
      latest.current();
    }, wait);
  }, [ms]);
}
