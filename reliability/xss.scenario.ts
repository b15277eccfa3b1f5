// XSS payloads planted through the real paths (lib/xss-data.ts), then every page that shows them opened in
// Chromium: nothing may run, the text must show as text, the CSP header must be on every page and the
// console must still hydrate under it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { openDb, probe, seconds, table } from './lib/http-probe';
import { payload, plant } from './lib/xss-data';
import type { Scenario } from './lib/types';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

type Observed = { fired: string[]; violations: string[] };

/** Installed before any page script: the payloads' hook, and a record of every CSP violation. */
function instrument() {
  const w = window as unknown as { __xss: (n: unknown) => void; __observed: Observed };
  w.__observed = { fired: [], violations: [] };
  w.__xss = (n) => w.__observed.fired.push(String(n));
  document.addEventListener('securitypolicyviolation', (e) =>
    w.__observed.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
  );
}

async function contextFor(browser: Browser, baseUrl: string, cookie: string | null): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  if (cookie) {
    await context.addCookies(
      cookie.split('; ').map((pair) => {
        const i = pair.indexOf('=');
        return { name: pair.slice(0, i), value: pair.slice(i + 1), url: baseUrl };
      }),
    );
  }
  await context.addInitScript(instrument);
  return context;
}

export default {
  name: 'xss',
  title: 'Untrusted text is shown as text and the CSP blocks what would slip through',
  proves:
    'XSS payloads in extracted values, vendor and participant names, provider error messages, webhook bodies, headers and event names, URL filters and the search box are rendered as text on every page that shows them, nothing executes, every page carries a nonce-based Content-Security-Policy and the console still hydrates under it.',
  fast: true,
  run: async (ctx) => {
    const t0 = performance.now();
    const failures: string[] = [];
    const stack = await ctx.stack();
    for (const s of Object.values(stack.webhookSecrets)) ctx.secret(s);
    const db = openDb(stack.databaseUrl);
    const planted = await plant(stack, db, ctx.workDir);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const rows: string[][] = [];
    const nonces = new Set<string>();
    try {
      const admin = await contextFor(browser, stack.baseUrl, await stack.cookie('admin'));
      const anonymous = await contextFor(browser, stack.baseUrl, null);
      const loginPayload = payload();
      const pages = [
        ...planted.pages.map((p) => ({ ...p, context: admin, who: 'admin' })),
        {
          path: `/login?error=${encodeURIComponent(loginPayload)}&callbackUrl=${encodeURIComponent('javascript:__xss("login")')}`,
          shows: [],
          context: anonymous,
          who: 'anonymous',
        },
      ];
      for (const [i, p] of pages.entries()) {
        const page = await p.context.newPage();
        let dialogs = 0;
        page.on('dialog', (d) => {
          dialogs += 1;
          void d.dismiss();
        });
        const consoleCsp: string[] = [];
        page.on('console', (m) => {
          if (/content security policy/i.test(m.text())) consoleCsp.push(m.text());
        });
        const res = await page.goto(`${stack.baseUrl}${p.path}`, { waitUntil: 'load' });
        const csp = res?.headers()['content-security-policy'] ?? '';
        const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
        if (nonce) nonces.add(nonce);
        const hydrated = await page
          .locator('html[data-hydrated]')
          .waitFor({ timeout: 20_000 })
          .then(
            () => true,
            () => false,
          );
        // Give late payloads (onerror of a broken image, iframes) a moment to fire if they were ever going to.
        await page.waitForTimeout(300);
        const observed = await page.evaluate(() => (window as unknown as { __observed: Observed }).__observed);
        const dom = await page.evaluate(() => ({
          handlers: [...document.querySelectorAll('body *')].filter((el) =>
            [...el.attributes].some((a) => /^on/i.test(a.name)),
          ).length,
          jsLinks: document.querySelectorAll('a[href^="javascript:" i], iframe[src^="javascript:" i]').length,
          text: document.body.innerText,
        }));
        writeFileSync(
          path.join(
            ctx.workDir,
            `page-${String(i).padStart(2, '0')}-${p.path.replace(/[^\w]+/g, '_').slice(0, 60)}.html`,
          ),
          await page.content(),
        );
        const missing = p.shows.filter((s) => !dom.text.includes(s));
        const where = `${p.who} ${p.path.slice(0, 80)}`;
        if (!csp.includes("script-src 'self' 'nonce-") || !csp.includes("'strict-dynamic'"))
          failures.push(`${where}: no nonce-based Content-Security-Policy header (${csp || 'none'})`);
        if (!hydrated)
          failures.push(
            `${where}: the page did not hydrate (html[data-hydrated] missing): the CSP may block the console's own scripts`,
          );
        if (observed.fired.length || dialogs)
          failures.push(
            `${where}: payload executed (${observed.fired.join(', ')}${dialogs ? `, ${dialogs} dialog(s)` : ''})`,
          );
        if (observed.violations.length || consoleCsp.length)
          failures.push(
            `${where}: CSP violations: ${[...observed.violations, ...consoleCsp].join(' | ').slice(0, 300)}`,
          );
        if (dom.handlers || dom.jsLinks)
          failures.push(
            `${where}: ${dom.handlers} elements with on* attributes, ${dom.jsLinks} javascript: links/frames in the DOM`,
          );
        if (missing.length) failures.push(`${where}: payload not shown as text: ${missing.join(' | ')}`);
        rows.push([
          where,
          String(res?.status() ?? '-'),
          nonce ? 'nonce' : 'MISSING',
          hydrated ? 'yes' : 'NO',
          String(observed.fired.length + dialogs),
          String(observed.violations.length + consoleCsp.length),
          `${p.shows.length - missing.length}/${p.shows.length}`,
        ]);
        await page.close();
      }
      // Control: markup that does reach the page, as a rendering bug would put it there — served inside the HTML
      // itself (so the script is parser-inserted and carries no nonce) — is blocked by the CSP and reported, so
      // "nothing executed, no violation" above is a real observation, not a deaf probe. (A script element created
      // by page script would be allowed: 'strict-dynamic' trusts what trusted scripts add, by design.)
      const control = await admin.newPage();
      await control.route(`${stack.baseUrl}/`, async (route) => {
        const res = await route.fetch();
        const html = (await res.text()).replace(
          '</body>',
          `<img src="data:,not-an-image" onerror="__xss('control')"><script>__xss("control-script")</script></body>`,
        );
        await route.fulfill({ response: res, body: html });
      });
      await control.goto(`${stack.baseUrl}/`, { waitUntil: 'load' });
      await control.waitForTimeout(500);
      const caught = await control.evaluate(() => (window as unknown as { __observed: Observed }).__observed);
      await control.close();
      if (caught.fired.length || caught.violations.length < 2)
        failures.push(
          `control: injected inline handler and script — executed ${caught.fired.join(', ') || 'nothing'}, ${caught.violations.length} CSP violation(s) reported (expected 0 executed, 2 reported)`,
        );
      rows.push([
        'control: inline handler + script injected into /',
        '-',
        'nonce',
        '-',
        String(caught.fired.length),
        String(caught.violations.length),
        'blocked by CSP',
      ]);

      // The login page must not send anyone off-site after sign-in, whatever callbackUrl says.
      const adminCookie = await stack.cookie('admin');
      for (const target of ['/\\evil.example', '//evil.example', 'https://evil.example', '/\t/evil.example']) {
        const res = await probe(
          ctx.workDir,
          'login-callback',
          `${stack.baseUrl}/login?callbackUrl=${encodeURIComponent(target)}`,
          { headers: { cookie: adminCookie } },
        );
        const location = res.headers.get('location') ?? '';
        if (res.status < 300 || res.status >= 400 || !/^\/(?![\\/])/.test(location))
          failures.push(
            `/login?callbackUrl=${target} as a signed-in user: HTTP ${res.status} to ${location || '(nowhere)'} (expected a redirect to a same-site path)`,
          );
      }
      if (nonces.size !== pages.length)
        failures.push(
          `${nonces.size} distinct CSP nonces over ${pages.length} page loads: a nonce must be fresh per request`,
        );
      ctx.log(
        `\n${table(['page', 'HTTP', 'CSP', 'hydrated', 'executed', 'CSP violations', 'payloads shown as text'], rows)}`,
      );
    } finally {
      await browser.close();
      await planted.restore();
      await db.end();
    }
    const pageRows = rows.filter((r) => !r[0]!.startsWith('control'));
    return {
      figures: [
        { label: 'pages opened in Chromium', value: String(pageRows.length) },
        { label: 'payloads executed', value: String(rows.reduce((s, r) => s + Number(r[4]), 0)) },
        { label: 'CSP violations on the pages', value: String(pageRows.reduce((s, r) => s + Number(r[5]), 0)) },
        {
          label: 'control (injected inline handler and script): CSP violations reported',
          value: rows.find((r) => r[0]!.startsWith('control'))?.[5] ?? 'not run',
        },
        {
          label: 'pages with a nonce-based CSP / hydrated',
          value: `${pageRows.filter((r) => r[2] === 'nonce').length} / ${pageRows.filter((r) => r[3] === 'yes').length} of ${pageRows.length}`,
        },
        { label: 'run time', value: seconds(performance.now() - t0) },
      ],
      failures,
    };
  },
} satisfies Scenario;
