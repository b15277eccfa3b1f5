import { postJson } from './http';
import { type AlertMessage, type Channel, maskUrl, plainText } from './message';

/** The alert as JSON, for an on-call tool or any receiver of your own. */
export function alertPayload(m: AlertMessage) {
  return {
    type: 'invoice-ops.alert',
    text: plainText(m),
    alert: {
      id: m.id,
      rule: m.rule,
      severity: m.severity,
      status: m.status,
      title: m.title,
      occurrences: m.occurrences,
      first_seen_at: m.firstSeenAt.toISOString(),
      last_seen_at: m.lastSeenAt.toISOString(),
      detail: m.detail,
      url: m.url,
    },
  };
}

export function webhookChannel(url: string): Channel {
  return { name: 'webhook', target: maskUrl(url), send: (m) => postJson(url, alertPayload(m)) };
}
