// Opens kafka-scenario HTML reports in headless chromium and fails on any console error, page
// error or network request, on HTML elements made from the data, and on a scenario with a
// timeline whose charts have no data.
//
//   node tests/e2e/html_pages_test.mjs FILE.html...
//   node tests/e2e/html_pages_test.mjs --cli KAFKA_SCENARIO OUT.html COMMAND ARG...
//       first writes OUT.html with `KAFKA_SCENARIO COMMAND ARG... --html OUT.html` (from the
//       source folder; `run` on the embedded cluster, or `report` of saved histories), then
//       checks it.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { assertCleanPage, launch, openReport, SOURCE_DIR } from './html_browser.mjs';

const args = process.argv.slice(2);
const running = args[0] === '--cli';
if (running ? args.length < 5 : args.length === 0) {
  console.error('usage: node tests/e2e/html_pages_test.mjs FILE.html...\n' +
                '       node tests/e2e/html_pages_test.mjs --cli KAFKA_SCENARIO OUT.html COMMAND ARG...');
  process.exit(2);
}
const files = running ? [path.resolve(args[2])] : args;

let browser;
before(async () => {
  if (running) {
    mkdirSync(path.dirname(files[0]), { recursive: true });
    // Whatever the scenarios' verdicts: the page is what is tested.
    const run = spawnSync(path.resolve(args[1]), [...args.slice(3), '--html', files[0]],
                          { cwd: SOURCE_DIR, encoding: 'utf8', timeout: 240000 });
    assert.ok(existsSync(files[0]),
      `kafka-scenario ${args[3]} --html wrote no ${files[0]} (exit ${run.status ?? run.signal}):\n` +
      `${run.stdout}\n${run.stderr}`);
  }
  browser = await launch();
});
after(async () => { if (browser) await browser.close(); });

for (const file of files) {
  test(`${file} loads cleanly and every timeline has charts with data`, async () => {
    const opened = await openReport(browser, file);
    try {
      await assertCleanPage(opened.page, opened.problems, file);
    } finally {
      await opened.page.close();
    }
  });
}
