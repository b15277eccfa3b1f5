import { receiveWebhook } from '@/lib/webhooks/receive';

export const dynamic = 'force-dynamic';

// Signed by GoRoute (X-GoRoute-Signature); the signature is this endpoint's authentication.
export function POST(req: Request) {
  return receiveWebhook('goroute', req);
}
