import { type Channel, ChannelError, headline, plainText } from './message';

const TIMEOUT_MS = 10_000;

/** nodemailer waits minutes by default; an alert job must not. Explicit values in the URL still win. */
function withTimeouts(smtpUrl: string): string {
  const u = new URL(smtpUrl);
  for (const key of ['connectionTimeout', 'greetingTimeout', 'socketTimeout'])
    if (!u.searchParams.has(key)) u.searchParams.set(key, String(TIMEOUT_MS));
  return u.toString();
}

/** Where mail goes, without the credentials the SMTP URL may carry. */
function smtpTarget(smtpUrl: string, to: string): string {
  const u = new URL(smtpUrl);
  return `${to} via ${u.protocol}//${u.host}`;
}

export function emailChannel(smtpUrl: string, to: string, from: string): Channel {
  return {
    name: 'email',
    target: smtpTarget(smtpUrl, to),
    send: async (m) => {
      // Loaded on first send: the console page lists channels without pulling nodemailer into its bundle.
      const { createTransport } = await import('nodemailer');
      const transport = createTransport(withTimeouts(smtpUrl));
      try {
        await transport.sendMail({ from, to, subject: headline(m), text: plainText(m) });
      } catch (error) {
        // An SMTP reply code or nodemailer's error code; the message could echo the login.
        const e = error as { code?: string; responseCode?: number };
        throw new ChannelError(
          e.responseCode ? `SMTP ${e.responseCode}` : e.code ? `SMTP error ${e.code}` : 'SMTP error',
        );
      } finally {
        transport.close();
      }
    },
  };
}
