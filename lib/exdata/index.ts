export { createExdataClient, type ExdataClient, type ExdataClientOptions, type UploadInput } from './client';
export type { ExtractedField, Extractions } from './extractions';
export { MAX_UPLOAD_BYTES, checkUpload, detectFormat, type UploadFormat } from './file-check';
export type { ExdataDocument, ExdataPreview } from './schemas';
export { tokenPrefix } from './token';
