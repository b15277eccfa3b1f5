import { z } from 'zod';

/** exdata's own document status (docs/providers.md). */
export const exdataStatuses = ['pending', 'completed', 'error', 'blocked'] as const;
export type ExdataStatus = (typeof exdataStatuses)[number];

const str = z.string();
const nstr = str.nullish().transform((v) => v ?? null);
// exdata's docs show numeric IDs; our columns hold text, so every ID becomes a string here.
const id = z.union([str.min(1), z.number().int()]).transform(String);
const nid = z
  .union([str, z.number()])
  .nullish()
  .transform((v) => (v == null ? null : String(v)));
// processing_error / blocked_reason are documented only as null; keep whatever text arrives.
const reason = z
  .unknown()
  .optional()
  .transform((v) => (v == null ? null : typeof v === 'string' ? v : JSON.stringify(v)));

const extractionRun = z
  .looseObject({
    id: nid,
    mode: nstr,
    source: nstr,
    status: nstr,
    extractor_version: nstr,
    normalization_version: nstr,
    created_at: nstr,
  })
  .transform((r) => ({
    id: r.id,
    mode: r.mode,
    source: r.source,
    status: r.status,
    extractorVersion: r.extractor_version,
    normalizationVersion: r.normalization_version,
    createdAt: r.created_at,
  }));

const documentBody = z
  .looseObject({
    id,
    mode: nstr,
    status: z.enum(exdataStatuses),
    processing_stage: nstr,
    processing_error: reason,
    blocked_reason: reason,
    filename: nstr,
    file_format: nstr,
    file_size: z
      .number()
      .nullish()
      .transform((v) => v ?? null),
    custom_types: z
      .array(str)
      .nullish()
      .transform((v) => v ?? []),
    requester: nstr,
    locale: nstr,
    latest_extraction_run: extractionRun.nullish().transform((v) => v ?? null),
    created_at: nstr,
    updated_at: nstr,
  })
  .transform((d) => ({
    id: d.id,
    mode: d.mode,
    status: d.status,
    processingStage: d.processing_stage,
    processingError: d.processing_error,
    blockedReason: d.blocked_reason,
    filename: d.filename,
    fileFormat: d.file_format,
    fileSize: d.file_size,
    customTypes: d.custom_types,
    requester: d.requester,
    locale: d.locale,
    latestExtractionRun: d.latest_extraction_run,
    createdAt: d.created_at,
    updatedAt: d.updated_at,
  }));
export type ExdataDocument = z.output<typeof documentBody>;

export const documentEnvelope = z.looseObject({ data: documentBody }).transform((b) => b.data);

// Pagination is undocumented; this reads Laravel's resource-collection meta, which the rest of the
// API's shapes ({data}, errors{field: [..]}) suggest. Absent meta means "no further page".
export const documentList = z
  .looseObject({
    data: z.array(documentBody),
    meta: z.looseObject({ current_page: z.number().nullish(), last_page: z.number().nullish() }).nullish(),
    links: z.looseObject({ next: nstr }).nullish(),
  })
  .transform((b) => {
    const page = b.meta?.current_page ?? null;
    const morePages = page !== null && b.meta?.last_page != null ? page < b.meta.last_page : Boolean(b.links?.next);
    return { documents: b.data, nextPage: morePages && page !== null ? page + 1 : null };
  });

/** (assumed) The previews list: each item has an ID for GET /api/v1/previews/{preview}. */
export const previewList = z
  .looseObject({
    data: z.array(z.looseObject({ id, page: z.number().nullish(), mime_type: nstr, url: nstr })),
  })
  .transform((b) => b.data.map((p) => ({ id: p.id, page: p.page ?? null, mimeType: p.mime_type, url: p.url })));

export const pingBody = z.unknown().transform((b) => {
  const body = b as { mode?: unknown; data?: { mode?: unknown } } | null | undefined;
  const mode = body?.data?.mode ?? body?.mode;
  return { mode: typeof mode === 'string' ? mode : null };
});
