import { z } from 'zod';

/** One participant, whichever of GoRoute's two documented lookup shapes it arrived in. */
export type Participant = {
  participantId: string;
  registered: boolean;
  scheme?: string;
  name?: string;
  country?: string;
  accessPoint?: { name: string; url: string };
  documentTypes: { documentType: string; processId: string }[];
  certificateValidUntil?: string;
  smpEndpoint?: string;
};

const str = z.string();
const capability = z.looseObject({
  document_type_id: str.optional(),
  document_type: str.optional(),
  process_id: str.optional(),
});

// Shape 1 (seed):  GET /participants/lookup?identifier=
//   {participant_id, registered, access_point{name,url}, document_types[{document_type_id, process_id}],
// certificate{subject, valid_until}} Shape 2 (docs):  GET /api/v1/participants/lookup?peppol_id=
//   {found, participant_id, scheme, name, country, capabilities[{document_type, process_id}], smp_endpoint}
// One loose schema reads both; each key is optional so either shape (or a mix) parses.
export const participantBody = z
  .looseObject({
    participant_id: str.nullish(),
    registered: z.boolean().nullish(),
    found: z.boolean().nullish(),
    scheme: str.nullish(),
    name: str.nullish(),
    country: str.nullish(),
    access_point: z.looseObject({ name: str.nullish(), url: str.nullish() }).nullish(),
    document_types: z.array(capability).nullish(),
    capabilities: z.array(capability).nullish(),
    certificate: z.looseObject({ subject: str.nullish(), valid_until: str.nullish() }).nullish(),
    smp_endpoint: str.nullish(),
  })
  .refine((b) => typeof b.registered === 'boolean' || typeof b.found === 'boolean', {
    message: 'neither `registered` nor `found` is present',
  });

export function normalizeParticipant(body: z.output<typeof participantBody>, requestedId: string): Participant {
  const caps = [...(body.document_types ?? []), ...(body.capabilities ?? [])];
  const p: Participant = {
    participantId: body.participant_id ?? requestedId,
    registered: body.registered ?? body.found ?? false,
    documentTypes: caps.map((c) => ({
      documentType: c.document_type_id ?? c.document_type ?? '',
      processId: c.process_id ?? '',
    })),
  };
  if (body.scheme) p.scheme = body.scheme;
  if (body.name) p.name = body.name;
  if (body.country) p.country = body.country;
  if (body.access_point?.url || body.access_point?.name) {
    p.accessPoint = { name: body.access_point.name ?? '', url: body.access_point.url ?? '' };
  }
  if (body.certificate?.valid_until) p.certificateValidUntil = body.certificate.valid_until;
  if (body.smp_endpoint) p.smpEndpoint = body.smp_endpoint;
  return p;
}

export function notRegistered(participantId: string): Participant {
  return { participantId, registered: false, documentTypes: [] };
}
