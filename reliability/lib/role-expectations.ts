// What the roles scenario expects of every server action and route handler. Permissions are named here by
// hand and checked against both the source (runAction's argument) and lib/rules/permissions.ts, so a changed
// guard, a new action or a new route fails the scenario until someone decides what it should allow.
import { randomUUID } from 'node:crypto';

/** Arguments that pass the permission check and then fail for a business reason (unknown ID, bad input): nothing changes. */
export const actionExpectations: Record<string, { permission: string; args: () => unknown[] }> = {
  'app/(console)/_components/checklist-actions.ts#attestChecklistItem': {
    permission: 'checklist:attest',
    args: () => [{ itemId: 'no-such-item', done: true, note: 'roles scenario' }],
  },
  'app/(console)/alerts/actions.ts#acknowledgeAlertAction': { permission: 'alerts:manage', args: () => [randomUUID()] },
  'app/(console)/alerts/actions.ts#resolveAlertAction': { permission: 'alerts:manage', args: () => [randomUUID()] },
  'app/(console)/documents/actions.ts#retrySend': {
    permission: 'transactions:retry',
    args: () => [{ documentId: randomUUID(), transactionId: randomUUID() }],
  },
  'app/(console)/documents/actions.ts#retryDocumentUpload': {
    permission: 'documents:retry',
    args: () => [{ documentId: randomUUID() }],
  },
  // A pause that never was (the epoch): refused as seen on a stale page, so nothing is resumed.
  'app/(console)/documents/actions.ts#resumeUploadsAction': {
    permission: 'documents:retry',
    args: () => [{ pausedSince: '1970-01-01T00:00:00.000Z' }],
  },
  'app/(console)/documents/actions.ts#blockFromDocument': {
    permission: 'documents:block',
    args: () => [{ documentId: randomUUID(), reason: 'roles scenario' }],
  },
  'app/(console)/documents/actions.ts#unblockFromDocument': {
    permission: 'documents:block',
    args: () => [{ documentId: randomUUID() }],
  },
  'app/(console)/documents/actions.ts#fixAndResendDocument': {
    permission: 'documents:fix',
    args: () => [{ documentId: randomUUID(), values: {} }],
  },
  'app/(console)/failures/actions.ts#bulkRetryFailures': {
    permission: 'transactions:retry',
    args: () => ['no-such-category'],
  },
  'app/(console)/review/actions.ts#claimReview': { permission: 'review:decide', args: () => [randomUUID()] },
  'app/(console)/review/actions.ts#approveReview': {
    permission: 'review:decide',
    args: () => [{ documentId: randomUUID(), values: {} }],
  },
  'app/(console)/review/actions.ts#blockReview': {
    permission: 'documents:block',
    args: () => [{ documentId: randomUUID(), reason: 'roles scenario' }],
  },
  'app/(console)/settings/actions.ts#saveSetting': {
    permission: 'settings:manage',
    args: () => [{ key: 'no_such_setting', values: {} }],
  },
  'app/(console)/transactions/lookup/actions.ts#lookupParticipant': {
    permission: 'participants:lookup',
    args: () => ['not a peppol id'],
  },
  'app/(console)/webhooks/actions.ts#reprocessWebhook': {
    permission: 'webhooks:reprocess',
    args: () => [randomUUID()],
  },
};

export type RouteProbe = {
  path: string;
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /** A stream that does not end (Server-Sent Events): read up to its first event, then hang up. */
  stream?: boolean;
};

/**
 * Route handlers. `public` = no session needed (200, or 503 while a dependency is down); `signature` = authenticated
 * by the provider's signature, never by a session (so every session, even admin's, gets 401 without one); `absent` =
 * the catch-all for /api addresses nothing serves: 404 JSON for everyone, whatever the method and body.
 */
export const routeExpectations: Record<
  string,
  { methods: string[]; auth: { permission: string } | 'public' | 'signature' | 'absent'; probes: RouteProbe[] }[]
> = {
  '/api/[...path]': [
    {
      methods: ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'],
      auth: 'absent',
      probes: [
        { path: '/api/no-such-route', method: 'GET' },
        // The request that answered 500 before: an empty multipart body POSTed to an unknown address.
        {
          path: '/api/no/such/route',
          method: 'POST',
          body: '',
          headers: { 'content-type': 'multipart/form-data; boundary=----roles' },
        },
      ],
    },
  ],
  '/api/auth/[...nextauth]': [
    {
      methods: ['GET', 'POST'],
      auth: 'public',
      probes: [
        { path: '/api/auth/providers', method: 'GET' },
        { path: '/api/auth/csrf', method: 'GET' },
      ],
    },
  ],
  '/api/export/[view]': [
    {
      methods: ['GET'],
      auth: { permission: 'documents:view' },
      probes: [{ path: '/api/export/documents?state=delivered', method: 'GET' }],
    },
    {
      methods: ['GET'],
      auth: { permission: 'transactions:view' },
      probes: [{ path: '/api/export/transactions?status=delivered', method: 'GET' }],
    },
    {
      methods: ['GET'],
      auth: { permission: 'webhooks:view' },
      probes: [{ path: '/api/export/webhooks?result=rejected', method: 'GET' }],
    },
    { methods: ['GET'], auth: { permission: 'audit:view' }, probes: [{ path: '/api/export/audit', method: 'GET' }] },
  ],
  '/api/failures/retryable': [
    {
      methods: ['GET'],
      auth: { permission: 'failures:view' },
      probes: [{ path: '/api/failures/retryable', method: 'GET' }],
    },
  ],
  '/api/health': [{ methods: ['GET'], auth: 'public', probes: [{ path: '/api/health', method: 'GET' }] }],
  // The live stream: every signed-in role, each hearing only its own topics (checked against lib/live/topics.ts).
  '/api/live': [
    {
      methods: ['GET'],
      auth: { permission: 'dashboard:view' },
      probes: [{ path: '/api/live', method: 'GET', stream: true }],
    },
  ],
  '/api/live/poll': [
    { methods: ['GET'], auth: { permission: 'dashboard:view' }, probes: [{ path: '/api/live/poll', method: 'GET' }] },
  ],
  // "12 new — show": each list's count needs that list page's permission.
  '/api/live/newer/[list]': [
    {
      methods: ['GET'],
      auth: { permission: 'documents:view' },
      probes: [{ path: '/api/live/newer/documents?state=delivered', method: 'GET' }],
    },
    {
      methods: ['GET'],
      auth: { permission: 'transactions:view' },
      probes: [{ path: '/api/live/newer/transactions?direction=outbound', method: 'GET' }],
    },
    {
      methods: ['GET'],
      auth: { permission: 'webhooks:view' },
      probes: [{ path: '/api/live/newer/webhooks?result=rejected', method: 'GET' }],
    },
    {
      methods: ['GET'],
      auth: { permission: 'audit:view' },
      probes: [{ path: '/api/live/newer/audit', method: 'GET' }],
    },
    {
      methods: ['GET'],
      auth: { permission: 'dashboard:view' },
      probes: [{ path: '/api/live/newer/alerts', method: 'GET' }],
    },
  ],
  '/api/metrics': [
    { methods: ['GET'], auth: { permission: 'dashboard:view' }, probes: [{ path: '/api/metrics', method: 'GET' }] },
  ],
  '/api/webhooks/exdata': [
    {
      methods: ['POST'],
      auth: 'signature',
      probes: [
        {
          path: '/api/webhooks/exdata',
          method: 'POST',
          body: '{"event":"document.completed","data":{}}',
          headers: {
            'content-type': 'application/json',
            'x-event': 'document.completed',
            'x-delivery': 'roles-scenario',
          },
        },
      ],
    },
  ],
  '/api/webhooks/goroute': [
    {
      methods: ['POST'],
      auth: 'signature',
      probes: [
        {
          path: '/api/webhooks/goroute',
          method: 'POST',
          body: '{"event":"transaction.created","event_id":"roles-scenario","data":{}}',
          headers: { 'content-type': 'application/json' },
        },
      ],
    },
  ],
};
