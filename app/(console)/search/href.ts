import type { SearchHit } from '@/db/queries/search';

/** Where each kind of search hit is shown in the console. */
const hrefs: Record<SearchHit['kind'], (id: string) => string> = {
  document: (id) => `/documents/${id}`,
  transaction: (id) => `/transactions/${id}`,
  webhook: (id) => `/webhooks/${id}`,
  participant: (id) => `/transactions?${new URLSearchParams({ participant: id })}`,
};

export const hrefOf = (hit: Pick<SearchHit, 'kind' | 'id'>) => hrefs[hit.kind](hit.id);
