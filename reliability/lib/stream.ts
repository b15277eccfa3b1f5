// A steady webhook stream (a provider that keeps sending while something breaks), recording when each request
// started and ended so a scenario can judge the answers given in a window (e.g. while the database was down).
import { postDelivery, type Attempt, type Delivery, type Secrets } from './webhooks';

type Sent = { delivery: Delivery; startedAt: number; endedAt: number; attempt: Attempt };

export function startStream(o: {
  target: () => string;
  secrets: Secrets;
  make: (n: number) => Delivery;
  concurrency: number;
  pauseMs?: number;
}) {
  const sent: Sent[] = [];
  let running = true;
  let n = 0;
  const lane = async () => {
    while (running) {
      const delivery = o.make(n++);
      const startedAt = Date.now();
      const attempt = await postDelivery(o.target(), delivery, o.secrets, 10_000);
      sent.push({ delivery, startedAt, endedAt: Date.now(), attempt });
      if (o.pauseMs) await new Promise((r) => setTimeout(r, o.pauseMs));
    }
  };
  const lanes = Array.from({ length: o.concurrency }, lane);
  return {
    sent,
    stop: async () => {
      running = false;
      await Promise.all(lanes);
      return sent;
    },
  };
}
