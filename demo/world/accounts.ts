/** Our accounts at the two providers, as the demo world knows them. */
export const GOROUTE_ORGANIZATION_ID = 'org_4hQ7mKx2Lp9RtV3w';

export const EXDATA_EXTRACTOR_VERSION = '2025.11.3';
