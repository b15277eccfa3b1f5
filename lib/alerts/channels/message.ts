/** What every channel is handed: the alert as people should read it, plus a link to the console. */
export type AlertMessage = {
  id: string;
  rule: string;
  severity: string;
  status: string;
  title: string;
  occurrences: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  detail: unknown;
  url: string;
};

type ChannelName = 'slack' | 'email' | 'webhook' | 'sandbox';

/** A configured notification channel. `target` is safe to show and store: never a secret path or password. */
export type Channel = { name: ChannelName; target: string; send: (message: AlertMessage) => Promise<void> };

/** A channel failure whose message is short and safe to store (a status or an error code, never a URL). */
export class ChannelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** One line for chat and the e-mail subject: severity first, so a glance is enough. */
export function headline(m: AlertMessage): string {
  return `[${m.severity.toUpperCase()}] ${m.title}`;
}

export function plainText(m: AlertMessage): string {
  const summary = (m.detail as { summary?: unknown } | null)?.summary;
  return [
    headline(m),
    typeof summary === 'string' ? summary : null,
    `Rule ${m.rule}, seen ${m.occurrences}× since ${m.firstSeenAt.toISOString()}`,
    m.url,
  ]
    .filter(Boolean)
    .join('\n');
}

/** Origin and a masked path: enough to tell which endpoint, never the token in its path or query. */
export function maskUrl(value: string): string {
  try {
    const u = new URL(value);
    return `${u.protocol}//${u.host}${u.pathname === '/' && !u.search ? '' : '/••••'}`;
  } catch {
    return '••••';
  }
}
