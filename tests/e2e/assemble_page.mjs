// Assembles a report page from report data (format 1) the way `kafka-scenario ... --html` does:
// page.css, ECharts and page.js inlined, the data in <script type="application/json"> with every
// "</" written as "<\/". Lets the browser tests exercise page.js without the binary.
//
//   node tests/e2e/assemble_page.mjs DATA.json OUT.html
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const SOURCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The page for `dataText`, the report data's JSON text. */
export function assemblePage(dataText) {
  const read = (rel) => readFileSync(path.join(SOURCE_DIR, rel), 'utf8');
  const css = read('runner/report/html/page.css');
  const echarts = read('web/node_modules/echarts/dist/echarts.min.js');
  const js = read('runner/report/html/page.js');
  const data = JSON.stringify(JSON.parse(dataText)).replaceAll('</', '<\\/');
  return '<!doctype html><html><head><meta charset="utf-8"><title>kafka-scenario report</title>\n' +
    `<style>${css}</style>\n<script>${echarts}</script>\n` +
    '</head><body><div id="ks-report"></div>\n' +
    `<script type="application/json" id="ks-data">${data}</script>\n` +
    `<script>${js}</script></body></html>\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.length !== 4) {
    console.error('usage: node tests/e2e/assemble_page.mjs DATA.json OUT.html');
    process.exit(2);
  }
  writeFileSync(process.argv[3], assemblePage(readFileSync(process.argv[2], 'utf8')));
}
