import { receiveWebhook } from '@/lib/webhooks/receive';

export const dynamic = 'force-dynamic';

// Signed by exdata (X-Signature + X-Timestamp); the signature is this endpoint's authentication.
export function POST(req: Request) {
  return receiveWebhook('exdata', req);
}
