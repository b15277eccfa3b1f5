import { describe, expect, it } from 'vitest';
import { normalizeParticipant, participantBody } from './participant';

const parse = (body: unknown) => normalizeParticipant(participantBody.parse(body), '0088:5790000435975');

describe('participant lookup shapes', () => {
  it('normalizes the seed shape (/participants/lookup)', () => {
    expect(
      parse({
        participant_id: '0088:5790000435975',
        registered: true,
        access_point: { name: 'GoRoute AP', url: 'https://ap.goroute.ai/as4' },
        document_types: [
          {
            document_type_id: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##...',
            process_id: 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0',
          },
        ],
        certificate: { subject: 'CN=POP000123', valid_until: '2027-01-31T00:00:00Z' },
      }),
    ).toEqual({
      participantId: '0088:5790000435975',
      registered: true,
      accessPoint: { name: 'GoRoute AP', url: 'https://ap.goroute.ai/as4' },
      documentTypes: [
        {
          documentType: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##...',
          processId: 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0',
        },
      ],
      certificateValidUntil: '2027-01-31T00:00:00Z',
    });
  });

  it('normalizes the public-docs shape (/api/v1/participants/lookup)', () => {
    expect(
      parse({
        found: true,
        participant_id: '0208:0123456789',
        scheme: 'iso6523-actorid-upis',
        name: 'Acme BV',
        country: 'BE',
        capabilities: [{ document_type: 'invoice', process_id: 'billing' }],
        smp_endpoint: 'https://smp.example/0208:0123456789',
      }),
    ).toEqual({
      participantId: '0208:0123456789',
      registered: true,
      scheme: 'iso6523-actorid-upis',
      name: 'Acme BV',
      country: 'BE',
      documentTypes: [{ documentType: 'invoice', processId: 'billing' }],
      smpEndpoint: 'https://smp.example/0208:0123456789',
    });
  });

  it('reads found:false as not registered and falls back to the requested id', () => {
    expect(parse({ found: false })).toEqual({
      participantId: '0088:5790000435975',
      registered: false,
      documentTypes: [],
    });
  });

  it('rejects a body with neither registered nor found', () => {
    expect(participantBody.safeParse({ participant_id: 'x' }).success).toBe(false);
  });
});
