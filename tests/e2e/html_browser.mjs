// What the HTML report's browser tests share: Debian's headless chromium driven by playwright-core
// (web/node_modules), kept off the network, and the checks every report page must pass.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

/** The checkout: tests/e2e/../.. */
export const SOURCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const CHROMIUM = process.env.KS_CHROMIUM || '/usr/bin/chromium';

/** Coloured pixels below which a chart counts as not drawn (see assertCleanPage). */
export const MIN_COLOURED_PIXELS = 100;

/** playwright-core from web/node_modules; a missing one fails the test, naming scripts/setup. */
function playwright() {
  const require = createRequire(path.join(SOURCE_DIR, 'web', 'package.json'));
  try {
    return require('playwright-core');
  } catch (e) {
    assert.fail(`playwright-core is not installed in web/node_modules (${e.code}): run scripts/setup`);
  }
}

export async function launch() {
  assert.ok(existsSync(CHROMIUM),
    `${CHROMIUM} is missing: run scripts/setup (it installs Debian's chromium), or set KS_CHROMIUM`);
  return playwright().chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND',
           '--disable-background-networking', '--no-first-run', '--disable-sync',
           '--disable-component-update', '--disable-default-apps', '--disable-extensions'],
  });
}

/**
 * Opens `file` in a new page of `browser` at 1280 px and waits until page.js has rendered every
 * scenario's charts. Returns {page, problems}: problems collects console errors, page errors and
 * every request that is not for a file: or data: URL (those are aborted).
 */
export async function openReport(browser, file) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  const local = (url) => /^(file|data|blob|about):/.test(url);
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!local(r.url())) problems.push(`network request: ${r.url()}`); });
  await page.route('**/*', (route) => (local(route.request().url()) ? route.continue() : route.abort()));
  await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ks-ready="1"]', { timeout: 30000 });
  // Charts are drawn when they come near the viewport: bring each scenario's into view.
  for (const box of await page.$$('.ks-charts')) {
    await box.scrollIntoViewIfNeeded();
    await page.waitForFunction((b) => b.getAttribute('data-rendered') === '1', box, { timeout: 30000 });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  return { page, problems };
}

/**
 * Per chart of the page: its scenario, kind, the number of its series with data (markers aside),
 * and how many of its canvas pixels are coloured (saturated, so not background, axes or text).
 */
export async function inspectCharts(page) {
  return page.evaluate(() => [...document.querySelectorAll('.ks-chart')].map((div) => {
    const chart = echarts.getInstanceByDom(div);
    const out = { scenario: div.closest('section').id, kind: div.getAttribute('data-chart'),
                  time: div.classList.contains('ks-time-chart'), instance: Boolean(chart) };
    if (!chart) return out;
    const option = chart.getOption();
    const series = option.series.filter((s) => !String(s.id).startsWith('ks-'));
    out.series = series.length;
    out.seriesWithData = series.filter((s) => (s.data || []).length > 0).length;
    const events = option.series.find((s) => s.id === 'ks-events');
    out.markers = events ? events.markLine.data.map((d) => d.name) : [];
    if (div.getAttribute('data-chart') === 'ownership') {
      out.spans = series[0].data.map((d) => `${d.member} ${d.name}`);
    }
    const canvas = div.querySelector('canvas');
    const image = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let coloured = 0;
    for (let i = 0; i < image.length; i += 4) {
      const [r, g, b, a] = [image[i], image[i + 1], image[i + 2], image[i + 3]];
      if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured += 1;
    }
    out.colouredPixels = coloured;
    return out;
  }));
}

/** Fails on anything `openReport` collected, on HTML in the page that page.js did not build, and
 *  on any chart without data. */
export async function assertCleanPage(page, problems, file) {
  assert.deepEqual(problems, [], `${file}: the page must load with no error and no network request`);
  const foreign = await page.evaluate(() =>
    [...document.querySelectorAll('#ks-report script, #ks-report img, #ks-report iframe, #ks-report style')]
      .map((e) => e.outerHTML.slice(0, 80)));
  assert.deepEqual(foreign, [], `${file}: report data must never become HTML elements`);
  // ECharts sets tooltips as HTML: what the event markers' tooltips would show, parsed inert.
  const { markup: tooltips, checked } = await page.evaluate(() => {
    const markup = [];
    let checked = 0;
    for (const div of document.querySelectorAll('.ks-time-chart')) {
      const chart = echarts.getInstanceByDom(div);
      const events = chart && chart.getOption().series.find((s) => s.id === 'ks-events');
      if (!events) continue;
      const { formatter } = events.markLine.tooltip || {};
      for (const d of events.markLine.data) {
        const html = typeof formatter === 'function' ? formatter({ name: d.name, value: d.xAxis }) : '';
        checked += 1;
        const inert = document.createElement('template');
        inert.innerHTML = html;
        if (typeof formatter !== 'function' || inert.content.querySelector('*')) markup.push(String(html).slice(0, 80));
      }
    }
    return { markup, checked };
  });
  assert.deepEqual(tooltips, [], `${file}: an event marker's tooltip must be escaped text`);
  // Every run has events (members start): a page with time charts and no marker to check means
  // the check above looked at nothing.
  const timeCharts = await page.$$eval('.ks-time-chart', (divs) => divs.length);
  assert.ok(timeCharts === 0 || checked > 0, `${file}: ${timeCharts} time charts but no event marker`);
  const charts = await inspectCharts(page);
  const withTimeline = await page.$$eval('.ks-charts', (boxes) => boxes.map((b) => b.getAttribute('data-scenario')));
  for (const id of withTimeline) {
    assert.ok(charts.some((c) => c.scenario === id && c.time), `${file}: scenario ${id} has a timeline but no time chart`);
  }
  for (const c of charts) {
    const what = `${file}: the ${c.kind} chart of scenario ${c.scenario}`;
    assert.ok(c.instance, `${what} has no ECharts instance`);
    assert.ok(c.series > 0 && c.seriesWithData === c.series,
      `${what}: ${c.seriesWithData} of its ${c.series} series have data`);
    // Some lines are short by nature (a group that reads only in the last second of a 50 s
    // run: lesson 026 on Kafka drew 296): a floor that only a chart that drew nothing misses.
    assert.ok(c.colouredPixels > MIN_COLOURED_PIXELS,
      `${what} drew only ${c.colouredPixels} coloured pixels`);
  }
  return charts;
}
