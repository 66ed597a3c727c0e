// The HTML report of lesson 011 (a member crashes, its records are re-delivered), in headless
// chromium: it loads with no error and no network request, every chart has data and drew it,
// the crash is marked, both members' partitions show in the ownership swimlanes, the verdict
// says pass, and clicking an op zooms every time chart to its moment. Saves screenshots: the
// whole page, and the lesson's section alone (docs/html-report-011.png is one).
//
//   node tests/e2e/html_report_test.mjs KAFKA_SCENARIO OUT_DIR
//       runs `KAFKA_SCENARIO run scenarios/011-crash-redelivery.yaml --html OUT_DIR/011-crash-redelivery.html`
//       (embedded cluster, about 20 s) from the source folder and checks that page.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { assertCleanPage, launch, openReport, SOURCE_DIR } from './html_browser.mjs';

const LESSON = 'scenarios/011-crash-redelivery.yaml';
const STEM = '011-crash-redelivery';

const args = process.argv.slice(2);
const outDir = args[1];
if (args.length !== 2) {
  console.error('usage: node tests/e2e/html_report_test.mjs KAFKA_SCENARIO OUT_DIR');
  process.exit(2);
}

const htmlFile = path.resolve(outDir, `${STEM}.html`);
let browser;
let opened;

before(async () => {
  mkdirSync(outDir, { recursive: true });
  const binary = path.resolve(args[0]);
  assert.ok(existsSync(binary), `${binary} does not exist: build it with scripts/setup`);
  const run = spawnSync(binary, ['run', LESSON, '--html', htmlFile],
                        { cwd: SOURCE_DIR, encoding: 'utf8', timeout: 240000 });
  assert.equal(run.status, 0,
    `kafka-scenario run ${LESSON} --html exited ${run.status ?? run.signal}:\n${run.stdout}\n${run.stderr}`);
  assert.ok(existsSync(htmlFile), `kafka-scenario run ... --html wrote no ${htmlFile}`);
  browser = await launch();
  opened = await openReport(browser, htmlFile);
  await opened.page.screenshot({ path: path.resolve(outDir, `${STEM}.png`), fullPage: true });
  const section = await opened.page.$('section.ks-scenario');
  await section.screenshot({ path: path.resolve(outDir, `${STEM}-section.png`) });
});

after(async () => {
  if (browser) await browser.close();
});

/** The section of the lesson's scenario (the binary numbers scenarios its own way). */
async function sectionId() {
  const ids = await opened.page.$$eval('section.ks-scenario', (sections) => sections
    .filter((s) => s.querySelector('.ks-name').textContent === 'crash-redelivery').map((s) => s.id));
  assert.equal(ids.length, 1, 'the page must have one section for crash-redelivery');
  return ids[0];
}

test('the page loads with no error, no network request, and charts that drew their data', async () => {
  const charts = await assertCleanPage(opened.page, opened.problems, htmlFile);
  const kinds = new Set(charts.map((c) => c.kind));
  for (const kind of ['rates', 'offsets', 'lag', 'ownership', 'latency']) {
    assert.ok(kinds.has(kind), `the page has no ${kind} chart (it has ${[...kinds].join(', ')})`);
  }
  assert.equal(charts.filter((c) => c.kind === 'offsets').length, 4, 'one offsets chart per partition of orders');
  // Every chart of lesson 011 has lines across seconds of the run: far more than the floor.
  for (const c of charts) {
    assert.ok(c.colouredPixels > 1000, `the ${c.kind} chart drew only ${c.colouredPixels} coloured pixels`);
  }
});

test('the verdict badge says pass', async () => {
  const id = await sectionId();
  const verdict = await opened.page.$eval(`section#${id} > h2 .ks-badge`, (b) => b.textContent);
  assert.equal(verdict.toLowerCase(), 'pass');
});

test('every time chart marks the crash of billing/1', async () => {
  const id = await sectionId();
  const charts = (await assertCleanPage(opened.page, [], htmlFile)).filter((c) => c.scenario === id && c.time);
  for (const c of charts) {
    assert.ok(c.markers.some((m) => m.includes('crash billing/1')),
      `the ${c.kind} chart has no marker "crash billing/1" (markers: ${c.markers.join(' | ')})`);
  }
});

test('the ownership swimlanes show spans of billing/0 and billing/1', async () => {
  const id = await sectionId();
  const ownership = (await assertCleanPage(opened.page, [], htmlFile))
    .filter((c) => c.scenario === id && c.kind === 'ownership');
  assert.equal(ownership.length, 1, 'one ownership chart');
  for (const member of ['billing/0', 'billing/1']) {
    assert.ok(ownership[0].spans.some((s) => s.startsWith(`${member} orders[`)),
      `no span of ${member} (spans: ${ownership[0].spans.join(', ')})`);
  }
});

test('clicking an op zooms every time chart around its moment and marks it', async () => {
  const id = await sectionId();
  // An anomaly's op: the duplicates' list starts closed (over ANOMALY_LINES_OPEN lines).
  await opened.page.$$eval(`section#${id} .ks-anomaly details`, (all) => all.forEach((d) => { d.open = true; }));
  const link = await opened.page.$(`section#${id} .ks-anomaly a.ks-t`);
  assert.ok(link, 'the scenario lists no anomaly op with a link to the charts');
  const t = Number((await link.textContent()).replace(' s', ''));
  await link.click();
  const state = await opened.page.evaluate((sid) => [...document.querySelectorAll(
    `section#${sid} .ks-time-chart`)].map((div) => {
    const option = echarts.getInstanceByDom(div).getOption();
    const selected = option.series.find((s) => s.id === 'ks-selected');
    return { zoom: option.dataZoom.map((z) => [z.startValue, z.endValue]),
             selected: selected.markLine.data.map((d) => d.xAxis ?? d.coord?.[0]) };
  }), id);
  for (const chart of state) {
    assert.equal(chart.selected.length, 1, 'one selected marker per time chart');
    assert.ok(Math.abs(chart.selected[0] - t) < 0.001, `selected ${chart.selected[0]} s, clicked ${t} s`);
    for (const [from, to] of chart.zoom) {
      assert.ok(from <= t && t <= to && to - from <= 2.5 && to - from > 0.5,
        `a time chart is zoomed to ${from}..${to} s, not around ${t} s`);
    }
  }
  await opened.page.evaluate(() => window.scrollTo(0, 0));
});
