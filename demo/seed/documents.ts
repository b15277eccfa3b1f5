// The demo's ~150 documents: its hand-made plans (plans.ts), in time order, each told by the shared document
// lifecycle (lifecycle.ts) with the demo's source ids. Their file bytes are added at the end (files.ts).
import type { Company } from '@/demo/world/companies';
import { Rng } from '@/demo/world/prng';
import { partiesOf, tellDocument } from './lifecycle';
import { buildPlans } from './plans';
import type { SeedContext } from './story';

export function seedDocuments(ctx: SeedContext, companies: Company[], vendorIds: string[]): void {
  const rng = new Rng('documents');
  const plans = buildPlans(ctx, rng).sort((x, y) => x.createdAt - y.createdAt);
  const parties = partiesOf(companies, vendorIds);
  plans.forEach((plan, i) => {
    const sourceId = `SRC-${new Date(plan.createdAt).getUTCFullYear()}-${String(1187 + i).padStart(6, '0')}`;
    tellDocument(ctx, rng, parties, plan, sourceId);
  });
}
