// Byline's page-quality driver: the same third-party checkers and rules as /work/shared/checks/check-page.sh
// (Lighthouse 12, the Nu HTML Checker vnu-jar, axe-core via @axe-core/playwright, all in Debian's Chromium),
// run over many pages with one browser per tool instead of one browser per page and check.
//
// Usage: node page-checks.mjs plan.json results.json
//   CHECKS_DIR   the npm folder holding lighthouse, vnu-jar, playwright-core, @axe-core/playwright (node_modules/)
//   CHROME_PATH  Chromium (default /usr/bin/chromium)
// plan.json: { "outDir": "...", "cookie": "name=value; ..." (for pages with "signedIn"), "pages": [
//   { "name": "home", "url": "http://127.0.0.1:1234/", "lighthouse": ["mobile", "desktop"], "signedIn": false } ] }
// results.json: per page { lighthouse: { mobile: { scores, failing, attempts, seconds } }, html: { errors, warnings,
//   messages }, axe: { light: { violations }, dark: { ... } } } plus the seconds each tool took.
// No rule is disabled and no threshold lives here: the tests decide what passes.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [planPath, resultsPath] = process.argv.slice(2);
if (!planPath || !resultsPath) {
  console.error('usage: node page-checks.mjs plan.json results.json');
  process.exit(2);
}
const checksDir = process.env.CHECKS_DIR;
if (!checksDir || !fs.existsSync(path.join(checksDir, 'node_modules', 'lighthouse'))) {
  console.error(`CHECKS_DIR (${checksDir ?? 'unset'}) has no node_modules/lighthouse: run ./test.sh once, or install as check-page.sh does.`);
  process.exit(3);
}
const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const modules = path.join(checksDir, 'node_modules');
const requireChecks = createRequire(path.join(modules, 'noop.js'));
const importChecks = (file) => import(pathToFileURL(path.join(modules, file)).href);

// The flags of check-page.sh.
const chromeFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

const plan = JSON.parse(fs.readFileSync(planPath, 'utf8'));
fs.mkdirSync(plan.outDir, { recursive: true });
const results = { pages: {}, seconds: {} };
for (const p of plan.pages) results.pages[p.name] = { url: p.url, lighthouse: {}, axe: {} };
const cookieFor = (p) => (p.signedIn ? plan.cookie : undefined);
const parseCookies = (header, url) => header.split('; ').map((c) => {
  const i = c.indexOf('=');
  return { name: c.slice(0, i), value: c.slice(i + 1), url: new URL(url).origin };
});
const since = (t) => Math.round((Date.now() - t) / 100) / 10;

async function runLighthouse() {
  const { default: lighthouse, desktopConfig } = await importChecks('lighthouse/core/index.js');
  const chromeLauncher = await importChecks('chrome-launcher/dist/index.js');
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
  const t0 = Date.now();
  try {
    let signedIn = false;
    // Public pages first, without the staff cookie; then the cookie goes into this Chromium's cookie jar for the
    // staff pages (Lighthouse's documented way for authenticated pages; its extraHeaders Cookie did not reach
    // the server: every staff page ended on the login form).
    for (const p of [...plan.pages].sort((a, b) => Number(!!a.signedIn) - Number(!!b.signedIn))) {
      if (p.signedIn && !signedIn && (p.lighthouse ?? []).length > 0) {
        const { default: puppeteer } = await importChecks('puppeteer-core/lib/esm/puppeteer/puppeteer-core.js');
        const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
        const page = await browser.newPage();
        await page.setCookie(...parseCookies(plan.cookie, p.url));
        await page.close();
        await browser.disconnect();
        signedIn = true;
      }
      for (const preset of p.lighthouse ?? []) {
        const flags = { port: chrome.port, output: 'json', logLevel: 'error' };
        const config = preset === 'desktop' ? desktopConfig : undefined;
        // Simulated throttling makes performance sensitive to CPU noise on a shared machine: one retry at
        // most, and both attempts are reported.
        const attempts = [];
        for (let attempt = 1; attempt <= 2; attempt++) {
          const t = Date.now();
          let entry;
          try {
            const run = await lighthouse(p.url, flags, config);
            const lhr = run.lhr;
            const scores = Object.fromEntries(Object.entries(lhr.categories).map(([k, v]) => [k, v.score === null ? null : Math.round(v.score * 100)]));
            // The audits behind any score below 100, so a failure says what to fix.
            const failing = [];
            for (const [k, cat] of Object.entries(lhr.categories)) {
              if (cat.score === 1) continue;
              for (const ref of cat.auditRefs) {
                const a = lhr.audits[ref.id];
                if (ref.weight > 0 && a.score !== null && a.score < 1) failing.push(`${k}/${a.id} (${a.score}${a.displayValue ? ', ' + a.displayValue : ''})`);
              }
            }
            entry = { version: lhr.lighthouseVersion, scores, failing, runtimeError: lhr.runtimeError?.code ?? null,
              finalUrl: lhr.finalDisplayedUrl, seconds: since(t) };
            fs.writeFileSync(path.join(plan.outDir, `${p.name}.lighthouse-${preset}.json`), run.report);
          } catch (e) {
            entry = { error: String(e && e.message || e), seconds: since(t) };
          }
          attempts.push(entry);
          // Retry once, and only for what timing can change: a performance score below 100, or a run that
          // failed to load the page under load (e.g. NO_NAVSTART). Any other category below 100 is the page's fault.
          const timingOnly = entry.error || entry.runtimeError || Object.entries(entry.scores)
            .every(([k, v]) => v === 100 || k === 'performance' || (p.signedIn && k === 'seo'));
          const perfect = entry.scores && !entry.runtimeError && Object.entries(entry.scores)
            .every(([k, v]) => v === 100 || (p.signedIn && (k === 'performance' || k === 'seo')));
          if (perfect || !timingOnly) break;
        }
        results.pages[p.name].lighthouse[preset] = { ...attempts[attempts.length - 1], attempts: attempts.map((a) => a.scores ?? a.error) };
        console.log(`lighthouse ${preset} ${p.name}: ${JSON.stringify(attempts.map((a) => a.scores ?? a.error))}`);
      }
    }
  } finally {
    chrome.kill();
  }
  results.seconds.lighthouse = since(t0);
}

async function runAxe() {
  const { chromium } = requireChecks('playwright-core');
  const { AxeBuilder } = requireChecks('@axe-core/playwright');
  const t0 = Date.now();
  const browser = await chromium.launch({ executablePath: chromePath, headless: true, args: chromeFlags.filter((f) => f !== '--headless') });
  try {
    // One navigation per page: axe in the light colour scheme, then the page switched to dark
    // (prefers-color-scheme, as a context's colorScheme option sets it) and axe again.
    for (const p of plan.pages) {
      // A visitor's pages are checked without the staff cookie, so the visitor's markup is what is tested.
      const context = await browser.newContext({ colorScheme: 'light' });
      if (p.signedIn) await context.addCookies(parseCookies(plan.cookie, p.url));
      const page = await context.newPage();
      let status = null;
      for (const colorScheme of ['light', 'dark']) {
        try {
          if (colorScheme === 'light') {
            const response = await page.goto(p.url, { waitUntil: 'load', timeout: 30000 });
            status = response && response.status();
          } else {
            await page.emulateMedia({ colorScheme });
            const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
            if (!dark) throw new Error('the page did not switch to prefers-color-scheme: dark');
          }
          const r = await new AxeBuilder({ page }).analyze();
          results.pages[p.name].axe[colorScheme] = {
            version: r.testEngine.version, status, finalUrl: page.url(), passes: r.passes.length, incomplete: r.incomplete.length,
            violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(0, 2).join(' ')}`) })),
          };
        } catch (e) {
          results.pages[p.name].axe[colorScheme] = { error: String(e && e.message || e) };
        }
        const a = results.pages[p.name].axe[colorScheme];
        console.log(`axe ${colorScheme} ${p.name}: ${a.error ?? `violations=${a.violations.length}` + (a.violations.length ? ' ' + a.violations.map((v) => v.id).join(',') : '')}`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  results.seconds.axe = since(t0);
}

async function runVnu() {
  // Each page's HTML as served (any status: the 404 page too), saved, then one java process checks them all.
  const t0 = Date.now();
  const files = [];
  for (const p of plan.pages) {
    const cookie = cookieFor(p);
    const response = await fetch(p.url, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
    const file = path.join(plan.outDir, `${p.name}.html`);
    fs.writeFileSync(file, await response.text());
    results.pages[p.name].html = { status: response.status, file };
    files.push(file);
  }
  const jar = path.join(modules, 'vnu-jar', 'build', 'dist', 'vnu.jar');
  const run = await new Promise((resolve) => {
    const child = spawn('java', ['-jar', jar, '--format', 'json', '--stdout', ...files]);
    const out = [], err = [];
    const timer = setTimeout(() => child.kill(), 180000);
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', (error) => { clearTimeout(timer); resolve({ status: null, error, stdout: '', stderr: '' }); });
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }); });
  });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    throw new Error(`vnu did not produce JSON (exit ${run.status}${run.error ? ', ' + run.error.message : ''}): ${(run.stderr || run.stdout || '').slice(0, 500)}`);
  }
  for (const p of plan.pages) {
    const h = results.pages[p.name].html;
    const url = pathToFileURL(h.file).href;
    const mine = (report.messages || []).filter((m) => m.url === url || m.url === 'file:' + h.file);
    const show = (m) => `${m.type}${m.subType ? '/' + m.subType : ''} line ${m.lastLine ?? '?'}: ${m.message} [${(m.extract || '').trim().slice(0, 80)}]`;
    h.errors = mine.filter((m) => m.type === 'error' || m.type === 'non-document-error').length;
    h.warnings = mine.filter((m) => m.type === 'info' && m.subType === 'warning').length;
    h.messages = mine.filter((m) => m.type !== 'info' || m.subType === 'warning').map(show);
    console.log(`vnu ${p.name}: status=${h.status} errors=${h.errors} warnings=${h.warnings}`);
  }
  results.seconds.vnu = since(t0);
}

const only = (process.env.PAGE_CHECKS_ONLY || 'lighthouse,axe,vnu').split(',');
const tools = { lighthouse: runLighthouse, axe: runAxe, vnu: runVnu };
const run = async (name) => {
  if (!only.includes(name)) return;
  try {
    await tools[name]();
  } catch (e) {
    results.toolErrors = { ...(results.toolErrors || {}), [name]: String(e && e.stack || e) };
    console.error(`${name} failed: ${e && e.stack || e}`);
  }
};
const t0 = Date.now();
// Lighthouse alone (its performance score is timing-sensitive); axe and vnu are not, and share the two cores.
await run('lighthouse');
await Promise.all([run('axe'), run('vnu')]);
results.seconds.total = since(t0);
fs.writeFileSync(resultsPath, JSON.stringify(results, null, 1));

// A Markdown table of the run, for docs/page-quality.md.
const cell = (lh) => (!lh ? '—' : lh.error ? 'error' : ['performance', 'accessibility', 'best-practices', 'seo']
  .map((k) => lh.scores[k] ?? 'n/a').join(' / ') + (lh.attempts.length > 1 ? ` (1st try: ${lh.attempts[0].performance ?? '?'})` : ''));
const axeCell = (a) => (!a ? '—' : a.error ? 'error' : String(a.violations.length));
const rows = plan.pages.map((p) => {
  const r = results.pages[p.name];
  return `| ${p.name} | ${new URL(p.url).pathname}${new URL(p.url).search} | ${cell(r.lighthouse.mobile)} | ${cell(r.lighthouse.desktop)} | ` +
    `${r.html ? `${r.html.errors} (${r.html.warnings})` : '—'} | ${axeCell(r.axe.light)} | ${axeCell(r.axe.dark)} |`;
});
fs.writeFileSync(path.join(plan.outDir, 'results.md'), [
  '| Page | Path | Lighthouse mobile (perf / a11y / best practices / SEO) | Lighthouse desktop | HTML errors (warnings) | axe light | axe dark |',
  '| --- | --- | --- | --- | --- | --- | --- |', ...rows, '',
  `Seconds: ${JSON.stringify(results.seconds)}`, ''].join('\n'));
