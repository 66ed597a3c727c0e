// Opens kafka-scenario HTML reports in headless chromium and fails on any console error, page
// error or network request, on HTML elements made from the data, and on a scenario with a
// timeline whose charts have no data.
//
//   node tests/e2e/html_pages_test.mjs FILE.html...
// A FILE ending in .json is report data (format 1): it is assembled into a page first, the way
// kafka-scenario does (tests/e2e/assemble_page.mjs), to test page.js without the binary.
import { test, after, before } from 'node:test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assemblePage } from './assemble_page.mjs';
import { assertCleanPage, launch, openReport } from './html_browser.mjs';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node tests/e2e/html_pages_test.mjs FILE.html...');
  process.exit(2);
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

for (const file of files) {
  test(`${file} loads cleanly and every timeline has charts with data`, async () => {
    let page = file;
    if (file.endsWith('.json')) {
      page = path.join(mkdtempSync(path.join(os.tmpdir(), 'ks-html-')), `${path.basename(file, '.json')}.html`);
      writeFileSync(page, assemblePage(readFileSync(file, 'utf8')));
    }
    const opened = await openReport(browser, page);
    try {
      await assertCleanPage(opened.page, opened.problems, file);
    } finally {
      await opened.page.close();
    }
  });
}
