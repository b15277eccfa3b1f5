'use server';

import { z } from 'zod';
import { runAction, type ActionResult } from '@/lib/actions';
import { appClients } from '@/lib/clients/app';
import { normalizeParticipantId } from '@/lib/identifiers';
import type { Participant } from '@/lib/goroute';
import { ProviderError } from '@/lib/provider-http/errors';

// The same normal form the transactions store and the participant filter compare (lib/identifiers.ts).
const PeppolId = z
  .string()
  .transform(
    (v, ctx) =>
      normalizeParticipantId(v) ??
      (ctx.addIssue({ code: 'custom', message: 'Enter a Peppol ID as scheme:identifier, e.g. 0208:0123456749' }),
      z.NEVER),
  );

/** Support checks a participant's Peppol registration through GoRoute (recorded like every API call). */
export async function lookupParticipant(raw: unknown): Promise<ActionResult<Participant>> {
  return runAction('participants:lookup', async () => {
    const id = PeppolId.safeParse(raw);
    if (!id.success)
      return {
        ok: false,
        error: id.error.issues[0]!.message,
        fieldErrors: { peppolId: [id.error.issues[0]!.message] },
      };
    try {
      return { ok: true, data: await appClients().goroute.lookupParticipant(id.data) };
    } catch (error) {
      if (error instanceof ProviderError)
        return {
          ok: false,
          error: `GoRoute answered ${error.httpStatus ?? 'nothing'} ${error.code ?? ''}: ${error.message}`.trim(),
        };
      throw error;
    }
  });
}
