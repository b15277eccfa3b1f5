// Each channel against a real server on 127.0.0.1: an HTTP receiver, the provider sandbox's sink, and a
// minimal SMTP server speaking the real protocol to nodemailer.
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { startReceiver, startTestSandbox, type Receiver, type TestSandbox } from '@/sandbox/test-support';
import { alertChannels, type AlertMessage } from '.';
import { emailChannel } from './email';
import { maskUrl } from './message';
import { sandboxSinkUrl } from './sandbox';
import { slackChannel } from './slack';
import { webhookChannel } from './webhook';

const message: AlertMessage = {
  id: '00000000-0000-4000-8000-000000000001',
  rule: 'failure_rate',
  severity: 'critical',
  status: 'open',
  title: 'GoRoute send failure rate above 10 %',
  occurrences: 3,
  firstSeenAt: new Date('2026-11-02T11:00:00Z'),
  lastSeenAt: new Date('2026-11-02T11:02:00Z'),
  detail: { summary: '3 of 12 sends failed in 15 min (25 %)', failed: 3 },
  url: 'http://localhost:3000/alerts',
};
const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', NEXTAUTH_SECRET: 'x'.repeat(32) };

describe('HTTP channels', () => {
  let hook: Receiver;
  beforeAll(async () => {
    hook = await startReceiver();
  });
  afterAll(() => hook?.close());

  it('posts Slack {text} and the generic webhook JSON', async () => {
    await slackChannel(`${hook.url}/T000/B000/secret`).send(message);
    await webhookChannel(hook.url).send(message);
    const [slack, generic] = hook.received;
    expect(slack!.headers['content-type']).toBe('application/json');
    expect(slack!.json).toEqual({
      text: expect.stringContaining('[CRITICAL] GoRoute send failure rate above 10 %\n3 of 12 sends failed'),
    });
    expect(generic!.json).toMatchObject({
      type: 'invoice-ops.alert',
      alert: {
        id: message.id,
        rule: 'failure_rate',
        occurrences: 3,
        first_seen_at: '2026-11-02T11:00:00.000Z',
        detail: { failed: 3 },
      },
    });
  });

  it('fails with a short reason that never carries the URL', async () => {
    hook.respond = () => 503;
    await expect(slackChannel(`${hook.url}/T000/B000/secret`).send(message)).rejects.toThrow(/^HTTP 503$/);
    hook.respond = () => 200;
    const closed = `http://127.0.0.1:${await unusedPort()}/T000/B000/secret`;
    const error = await webhookChannel(closed)
      .send(message)
      .catch((e: Error) => e);
    expect(String(error)).toMatch(/network error ECONNREFUSED/);
    expect(String(error)).not.toContain('secret');
  });

  it('masks URLs for display', () => {
    expect(maskUrl('https://hooks.slack.com/services/T000/B000/XXXX')).toBe('https://hooks.slack.com/••••');
    expect(slackChannel('https://hooks.slack.com/services/T000/B000/XXXX').target).not.toContain('XXXX');
  });
});

describe('the sandbox sink', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox();
  });
  afterAll(() => sb?.close());

  it('is used only without real channels, and only on the local sandbox in test mode', async () => {
    const sandboxEnv = parseEnv({ ...base, GOROUTE_BASE_URL: `${sb.sandbox.url}/goroute` });
    const [channel, ...rest] = alertChannels(sandboxEnv);
    expect(rest).toHaveLength(0);
    expect(channel!.name).toBe('sandbox');
    await channel!.send(message);
    const sink = (await (await sb.control('/sink/alerts')).json()) as {
      alerts: { received_at: string; body: { alert: { id: string } } }[];
    };
    expect(sink.alerts).toHaveLength(1);
    expect(sink.alerts[0]!.body.alert.id).toBe(message.id);
    expect(Date.parse(sink.alerts[0]!.received_at)).not.toBeNaN();

    expect(
      alertChannels(
        parseEnv({
          ...base,
          GOROUTE_BASE_URL: `${sb.sandbox.url}/goroute`,
          ALERT_WEBHOOK_URL: 'https://example.test/hook',
        }),
      ).map((c) => c.name),
    ).toEqual(['webhook']);
    expect(sandboxSinkUrl({ GOROUTE_MODE: 'test', GOROUTE_BASE_URL: 'https://app.goroute.ai/peppol-api' })).toBeNull();
    expect(sandboxSinkUrl({ GOROUTE_MODE: 'live', GOROUTE_BASE_URL: `${sb.sandbox.url}/goroute` })).toBeNull();
    expect(alertChannels(parseEnv(base))).toEqual([]);
  });

  it('keeps the last 200 and empties on reset', async () => {
    for (let i = 0; i < 205; i++) await sb.control('/sink/alerts', { n: i });
    const sink = (await (await sb.control('/sink/alerts')).json()) as { alerts: { body: { n?: number } }[] };
    expect(sink.alerts).toHaveLength(200);
    expect(sink.alerts.at(-1)!.body.n).toBe(204);
    await sb.control('/reset', {});
    expect(((await (await sb.control('/sink/alerts')).json()) as { alerts: unknown[] }).alerts).toHaveLength(0);
  });
});

describe('e-mail', () => {
  it('sends through SMTP and shows the target without credentials', async () => {
    const smtp = await startSmtp();
    try {
      const channel = emailChannel(
        `smtp://ops:hunter2@127.0.0.1:${smtp.port}`,
        'oncall@example.test',
        'Invoice Ops <ops@example.test>',
      );
      expect(channel.target).toBe(`oncall@example.test via smtp://127.0.0.1:${smtp.port}`);
      await channel.send(message);
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]).toContain('Subject: [CRITICAL] GoRoute send failure rate above 10 %');
      expect(smtp.mails[0]).toContain('To: oncall@example.test');
    } finally {
      smtp.close();
    }
  });

  it('wants SMTP_URL, ALERT_EMAIL_TO and ALERT_EMAIL_FROM together', () => {
    expect(() => parseEnv({ ...base, SMTP_URL: 'smtp://mail.example.test:587' })).toThrow(/must be set together/);
    expect(() => parseEnv({ ...base, SMTP_URL: 'https://mail.example.test' })).toThrow(/smtp:\/\//);
    const env = parseEnv({
      ...base,
      SMTP_URL: 'smtp://u:p@mail.example.test:587',
      ALERT_EMAIL_TO: 'a@example.test',
      ALERT_EMAIL_FROM: 'b@example.test',
    });
    expect(alertChannels(env).map((c) => [c.name, c.target])).toEqual([
      ['email', 'a@example.test via smtp://mail.example.test:587'],
    ]);
  });
});

async function unusedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Just enough SMTP (RFC 5321) for one client: greeting, EHLO with AUTH, MAIL, RCPT, DATA, QUIT. */
async function startSmtp() {
  const mails: string[] = [];
  const server = createTcpServer((socket) => {
    let data: string | null = null;
    let buffer = '';
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data !== null) {
          if (line === '.') {
            mails.push(data);
            data = null;
            socket.write('250 queued\r\n');
          } else data += `${line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-test\r\n250 AUTH PLAIN LOGIN\r\n');
        else if (verb === 'AUTH') socket.write('235 ok\r\n');
        else if (verb === 'DATA') {
          data = '';
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, mails, close: () => server.close() };
}
