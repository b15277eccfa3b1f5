// Any /api address no other route handler serves. Without it Next.js answered such a request with its HTML 404
// page — or, for a POST with a multipart body, tried to read the body as a server action form and failed with
// a 500. This answers 404 JSON for every method without reading the body: it names nothing and changes nothing,
// so it needs no session (reliability/lib/role-expectations.ts: 'absent').
export const dynamic = 'force-dynamic';

function notFound(): Response {
  return Response.json({ error: 'not found' }, { status: 404, headers: { 'cache-control': 'no-store' } });
}

export {
  notFound as GET,
  notFound as POST,
  notFound as PUT,
  notFound as PATCH,
  notFound as DELETE,
  notFound as HEAD,
  notFound as OPTIONS,
};
