/**
 * How long processing took, from the request it served: receipt, or — once a person reprocessed the delivery —
 * that reprocess, which the figure then says (a reprocess days later is not days of processing).
 */
export function ProcessingLatency({
  ms,
  reprocessRequestedAt,
}: {
  ms: number | null;
  reprocessRequestedAt: Date | null;
}) {
  if (ms == null) return <>{reprocessRequestedAt ? 'reprocess queued' : '—'}</>;
  return <>{reprocessRequestedAt ? `reprocessed in ${ms} ms` : `${ms} ms`}</>;
}
