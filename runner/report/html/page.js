// kafka-scenario's HTML report: renders the run's data (the JSON of <script id="ks-data">, format 1:
// HtmlReportData in runner/report/html_report.h, the JSON report plus each scenario's lesson,
// anomalies and timeline) into <div id="ks-report">. Vanilla ES2020, no build step; the charts are Apache ECharts, embedded
// into the page before this script (docs/html-report.md).
//
// The data comes from user-written YAML (names, lessons, keys): it only ever reaches the page as
// textContent or as ECharts text, never as HTML.
'use strict';

(function () {
  const TIME_CHART_HEIGHT = 220;
  const GRID = { left: 110, right: 40, top: 30, bottom: 30 };  // the same on every time chart,
                                                                 // so their x axes line up
  const SLIDER_SPACE = 44;
  const MAX_SMALL_MULTIPLES = 8;
  const MAX_OPS_SHOWN = 100;
  const ANOMALY_LINES_OPEN = 10;  // longer anomaly lists start closed
  const PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452',
                   '#9a60b4', '#ea7ccc', '#2f4554', '#c4ccd3', '#d48265', '#61a0a8', '#bda29a'];
  const EVENT_COLOURS = {
    crash: '#d62728', fault: '#ff7f0e', fault_end: '#ff7f0e', rebalance: '#1f77b4',
    start: '#7f7f7f', stop: '#7f7f7f', restart: '#7f7f7f',
    seek: '#9467bd', txn_abort: '#8c564b',
  };
  // When events fall closer together than this share of the run, one marker shows them all.
  const EVENT_MERGE_SHARE = 0.005;
  const EVENT_SEVERITY = ['crash', 'fault', 'txn_abort', 'fault_end', 'rebalance', 'seek', 'restart',
                          'stop', 'start'];
  /** Per scenario id: {scenario, timeline, chartsBox, render(), charts: [{chart, kind}], rendered}. */
  const views = new Map();

  // ---- DOM helpers: every text goes through textContent ------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children) append(node, child);
    return node;
  }

  function append(node, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) child.forEach((c) => append(node, c));
    else if (typeof child === 'string' || typeof child === 'number') {
      node.appendChild(document.createTextNode(String(child)));
    } else node.appendChild(child);
  }

  /** Text with `backtick` spans as <code> elements. */
  function inlineCode(text) {
    const parts = String(text).split('`');
    // An unmatched backtick stays a backtick.
    if (parts.length % 2 === 0) return [String(text)];
    return parts.map((part, i) => (i % 2 === 1 ? el('code', { text: part }) : part));
  }

  /** The lesson: paragraphs on blank lines; lines starting "- " are list items. */
  function lessonBlock(text) {
    const box = el('div', { class: 'ks-lesson' });
    for (const block of String(text || '').split(/\n\s*\n/)) {
      const lines = block.split('\n').filter((l) => l.trim() !== '');
      let paragraph = [];
      let list = null;
      let item = null;
      const flushParagraph = () => {
        if (paragraph.length) box.appendChild(el('p', {}, inlineCode(paragraph.join(' '))));
        paragraph = [];
      };
      const flushItem = () => {
        if (item) list.appendChild(el('li', {}, inlineCode(item.join(' '))));
        item = null;
      };
      for (const raw of lines) {
        const line = raw.trim();
        if (/^[-*] /.test(line)) {
          flushParagraph();
          flushItem();
          if (!list) {
            list = el('ul');
            box.appendChild(list);
          }
          item = [line.slice(2)];
        } else if (item && /^\s/.test(raw)) {
          item.push(line);
        } else {
          flushItem();
          list = null;
          paragraph.push(line);
        }
      }
      flushItem();
      flushParagraph();
    }
    return box;
  }

  function badge(verdict) {
    const v = ['pass', 'fail', 'skip', 'error'].includes(verdict) ? verdict : 'error';
    return el('span', { class: `ks-badge ks-${v}`, text: v });
  }

  const seconds = (ms) => (Number(ms) / 1000).toFixed(3);
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

  function where(op) {
    if (op.topic === undefined || op.topic === null) return '';
    let s = String(op.topic);
    if (op.partition !== undefined && op.partition !== null) s += `[${op.partition}]`;
    if (op.offset !== undefined && op.offset !== null) s += `@${op.offset}`;
    return s;
  }

  /** A link to the moment of `op` on the scenario's charts (plain text without charts). */
  function timeLink(scenarioId, t, hasCharts) {
    const text = `${seconds(t)} s`;
    if (!hasCharts) return el('span', { class: 'ks-t', text });
    return el('a', {
      href: '#', class: 'ks-t', title: 'show this moment on the charts', text,
      onclick: (event) => {
        event.preventDefault();
        focusTime(scenarioId, Number(t));
      },
    });
  }

  /** "order-service#17" for a history op's record identity, "" for a record without one. */
  function recordName(op) {
    return op.record ? `${op.record.producer}#${op.record.seq}` : '';
  }

  /** The key as the history wrote it: text, hex for bytes that are not UTF-8, "" for null. */
  function keyText(op) {
    if (typeof op.key === 'string') return op.key;
    return typeof op.key_hex === 'string' ? `0x${op.key_hex}` : '';
  }

  function opsTable(ops, scenarioId, hasCharts) {
    const shown = ops.slice(0, MAX_OPS_SHOWN);
    const table = el('table', { class: 'ks-ops' },
      el('thead', {}, el('tr', {}, ['t', 'op', 'actor', 'where', 'key', 'record'].map(
        (h) => el('th', { text: h })))));
    const body = el('tbody');
    for (const op of shown) {
      body.appendChild(el('tr', {},
        el('td', {}, timeLink(scenarioId, op.time_us / 1000, hasCharts)),
        el('td', { text: `${op.f} ${op.type}` }),
        el('td', { text: op.actor }),
        el('td', { text: where(op) }),
        el('td', { text: keyText(op) }),
        el('td', { text: recordName(op) })));
    }
    table.appendChild(body);
    const box = el('div', { class: 'ks-ops-box' }, table);
    if (ops.length > shown.length) {
      box.appendChild(el('p', { class: 'ks-note', text: `first ${shown.length} of ${ops.length} ops` }));
    }
    return box;
  }

  // ---- the run's header --------------------------------------------------------------------

  function header(data) {
    const counts = { pass: 0, fail: 0, skip: 0, error: 0 };
    for (const s of data.scenarios) counts[s.verdict in counts ? s.verdict : 'error'] += 1;
    const facts = el('dl', { class: 'ks-facts' });
    for (const [name, value] of [['target', data.target], ['client', data.kafka_client],
      ['started', data.started]]) {
      if (value === undefined || value === null || value === '') continue;
      facts.appendChild(el('dt', { text: name }));
      facts.appendChild(el('dd', { text: value }));
    }
    const tally = el('p', { class: 'ks-tally' });
    for (const v of ['pass', 'fail', 'skip', 'error']) {
      tally.appendChild(el('span', { class: `ks-count ks-${v}-text`, text: `${counts[v]} ${v}` }));
    }
    const toc = el('ol', { class: 'ks-toc' });
    for (const s of data.scenarios) {
      toc.appendChild(el('li', {}, badge(s.verdict), ' ',
        el('a', { href: `#${s.id}`, text: s.name }), s.title ? ` ${s.title}` : ''));
    }
    return el('header', { class: 'ks-header' },
      el('h1', { text: 'kafka-scenario report' }), facts, tally,
      el('nav', {}, el('h2', { text: plural(data.scenarios.length, 'scenario', 'scenarios') }), toc));
  }

  // ---- a scenario --------------------------------------------------------------------------

  function scope(s) {
    return Object.entries(s || {}).map(([k, v]) => `${k}=${v}`).join(' ');
  }

  function checksTable(scenario, hasCharts) {
    const checks = scenario.checks || [];
    if (!checks.length) return null;
    const table = el('table', { class: 'ks-checks' },
      el('thead', {}, el('tr', {}, ['check', 'scope', 'verdict', 'summary'].map(
        (h) => el('th', { text: h })))));
    const body = el('tbody');
    for (const c of checks) {
      body.appendChild(el('tr', { class: c.passed ? 'ks-check-pass' : 'ks-check-fail' },
        el('td', {}, el('span', { class: 'ks-check-name', text: c.check }),
          c.location && c.location.line
            ? el('span', { class: 'ks-note', text: ` line ${c.location.line}` }) : null),
        el('td', { text: scope(c.scope) }),
        el('td', {}, badge(c.passed ? 'pass' : 'fail')),
        el('td', { text: c.summary || '' })));
      const evidence = c.evidence || [];
      const ops = c.evidence_ops || [];
      if (evidence.length || ops.length) {
        const cell = el('td', { colspan: 4, class: 'ks-evidence' });
        if (evidence.length) cell.appendChild(el('ul', {}, evidence.map((l) => el('li', { text: l }))));
        if (ops.length) cell.appendChild(opsTable(ops, scenario.id, hasCharts));
        body.appendChild(el('tr', { class: 'ks-evidence-row' }, cell));
      }
    }
    table.appendChild(body);
    return el('div', { class: 'ks-block' }, el('h3', { text: 'Expectations' }), table);
  }

  /** Each group's delivery guarantee as the run showed it (the JSON report's deliveries). */
  function deliveriesBlock(scenario) {
    const deliveries = scenario.deliveries || [];
    if (!deliveries.length) return null;
    return el('div', { class: 'ks-block' }, el('h3', { text: 'Delivery' }),
      el('ul', {}, deliveries.map((d) => el('li', {
        text: `${d.group}: ${d.verdict} (${d.acknowledged} acknowledged, ${d.consumed} consumed, `
          + `${d.lost} lost, ${d.unseen} unseen, ${d.duplicates} duplicates)`,
      }))));
  }

  function anomaliesBlock(scenario, hasCharts) {
    const box = el('div', { class: 'ks-block' }, el('h3', { text: 'Anomalies' }));
    const anomalies = scenario.anomalies || [];
    if (!anomalies.length) {
      box.appendChild(el('p', { class: 'ks-none', text: 'No anomalies' }));
      return box;
    }
    for (const a of anomalies) {
      const div = el('div', { class: `ks-anomaly ks-anomaly-${a.kind}` }, el('h4', { text: a.headline }));
      // The headline always shows; a long list opens on demand.
      const lines = a.lines || [];
      const details = el('details', { open: lines.length <= ANOMALY_LINES_OPEN },
        el('summary', { text: `${lines.length} listed, with the ops they cite` }));
      if (lines.length) details.appendChild(el('ul', {}, lines.map((l) => el('li', { text: l }))));
      if ((a.ops || []).length) details.appendChild(opsTable(a.ops, scenario.id, hasCharts));
      div.appendChild(details);
      box.appendChild(div);
    }
    return box;
  }

  function scenarioSection(scenario) {
    const hasCharts = Boolean(scenario.timeline) && typeof echarts !== 'undefined';
    const section = el('section', { id: scenario.id, class: `ks-scenario ks-verdict-${scenario.verdict}` });
    section.appendChild(el('h2', {}, badge(scenario.verdict), ' ',
      el('span', { class: 'ks-name', text: scenario.name })));
    if (scenario.title) section.appendChild(el('p', { class: 'ks-title', text: scenario.title }));
    const meta = [];
    if (scenario.file) meta.push(scenario.file);
    if (typeof scenario.seconds === 'number') meta.push(`${scenario.seconds.toFixed(1)} s`);
    if (meta.length) section.appendChild(el('p', { class: 'ks-meta', text: meta.join(' · ') }));
    if (scenario.reason) {
      section.appendChild(el('p', { class: `ks-reason ks-${scenario.verdict}-text`, text: scenario.reason }));
    }
    if ((scenario.problems || []).length) {
      section.appendChild(el('div', { class: 'ks-problems' }, el('h3', { text: 'Problems' }),
        el('ul', {}, scenario.problems.map((p) => el('li', { text: p })))));
    }
    if (scenario.lesson) section.appendChild(lessonBlock(scenario.lesson));
    if (scenario.verdict === 'skip' || scenario.verdict === 'error') return section;
    const deliveries = deliveriesBlock(scenario);
    if (deliveries) section.appendChild(deliveries);
    const checks = checksTable(scenario, hasCharts);
    if (checks) section.appendChild(checks);
    // The charts before the anomaly lists: the lists can be long, and their links lead up here.
    if (scenario.timeline) {
      const chartsBox = el('div', { class: 'ks-charts', 'data-scenario': scenario.id });
      section.appendChild(el('div', { class: 'ks-block' }, el('h3', { text: 'Timeline' }), chartsBox));
      if (hasCharts) {
        views.set(scenario.id, { scenario, timeline: scenario.timeline, chartsBox, charts: [],
                                 rendered: false });
      } else {
        chartsBox.appendChild(el('p', { class: 'ks-note', text: 'The chart library did not load.' }));
      }
    }
    section.appendChild(anomaliesBlock(scenario, hasCharts));
    return section;
  }

  // ---- charts ------------------------------------------------------------------------------

  /** [[t_ms, v], ...] as [[t_s, v], ...], the last value held until the end of the run. */
  function stepPoints(points, endMs) {
    const out = (points || []).map(([t, v]) => [t / 1000, v]);
    if (out.length && points[points.length - 1][0] < endMs) out.push([endMs / 1000, out[out.length - 1][1]]);
    return out;
  }

  function eventColour(kind) {
    return EVENT_COLOURS[kind] || '#7f7f7f';
  }

  /** Events closer than EVENT_MERGE_SHARE of the run share a marker, coloured by the gravest. */
  function mergedEvents(timeline) {
    const events = [...(timeline.events || [])].sort((a, b) => a.t - b.t);
    const window = Math.max(timeline.end, 1) * EVENT_MERGE_SHARE;
    const merged = [];
    for (const e of events) {
      const last = merged[merged.length - 1];
      if (last && e.t - last.t <= window) {
        last.labels.push(e.label);
        if (EVENT_SEVERITY.indexOf(e.kind) >= 0 &&
            (EVENT_SEVERITY.indexOf(last.kind) < 0 ||
             EVENT_SEVERITY.indexOf(e.kind) < EVENT_SEVERITY.indexOf(last.kind))) last.kind = e.kind;
      } else {
        merged.push({ t: e.t, kind: e.kind, labels: [e.label] });
      }
    }
    return merged;
  }

  /** A series that draws no data, only the event markers. */
  function eventSeries(timeline, withLabels) {
    return {
      id: 'ks-events', name: 'events', type: 'line', data: [], silent: false,
      tooltip: { show: true },
      markLine: {
        symbol: ['none', 'none'], animation: false, silent: false,
        tooltip: { show: true, trigger: 'item',
                   // ECharts sets a tooltip as HTML: names from a history file are escaped.
                   formatter: (p) => echarts.format.encodeHTML(`${p.name} (${Number(p.value).toFixed(3)} s)`) },
        data: mergedEvents(timeline).map((e) => ({
          name: e.labels.join(', '),
          xAxis: e.t / 1000,
          lineStyle: { color: eventColour(e.kind), type: e.kind === 'fault_end' ? 'dotted' : 'dashed',
                       width: e.kind === 'crash' ? 2 : 1.2 },
          // A function, not '{b}': a template would also expand {c} or {d} written in a name.
          label: { show: Boolean(withLabels), formatter: (p) => p.name, position: 'insideEndTop',
                   color: eventColour(e.kind),
                   fontSize: 11, width: TIME_CHART_HEIGHT - GRID.top - GRID.bottom - 10,
                   overflow: 'truncate' },
          emphasis: { label: { show: true } },
        })),
      },
    };
  }

  function selectedSeries(tMs) {
    return {
      id: 'ks-selected', name: 'selected', type: 'line', data: [],
      markLine: {
        symbol: ['none', 'none'], animation: false, silent: true,
        data: tMs === null ? [] : [{
          name: 'selected', xAxis: tMs / 1000,
          lineStyle: { color: '#111', type: 'solid', width: 2 },
          label: { show: true, position: 'end', formatter: `${seconds(tMs)} s`, color: '#111' },
        }],
      },
    };
  }

  function timeTooltip() {
    return {
      trigger: 'axis', confine: true, axisPointer: { type: 'line', snap: false },
      formatter: (params) => {
        const list = Array.isArray(params) ? params : [params];
        if (!list.length) return '';
        const x = Array.isArray(list[0].value) ? list[0].value[0] : list[0].axisValue;
        // ECharts' own markup for the colour dots; every text of ours is escaped.
        const lines = [`${Number(x).toFixed(3)} s`];
        for (const p of list) {
          const v = Array.isArray(p.value) ? p.value[1] : p.value;
          lines.push(`${p.marker}${echarts.format.encodeHTML(p.seriesName)}: ${v}`);
        }
        return lines.join('<br>');
      },
    };
  }

  /** The option every time chart shares: x = seconds from 0 to the end, zoom, markers. */
  function timeOption(view, spec) {
    const end = view.timeline.end / 1000;
    const grid = { ...GRID, bottom: GRID.bottom + (spec.slider ? SLIDER_SPACE : 0) };
    // connect() replays a zoom on the other charts of the group by the dataZoom's id, so every
    // time chart has both, the slider shown on the last only.
    const dataZoom = [
      // Ctrl+wheel zooms, a drag pans: a plain wheel keeps scrolling the page past the charts.
      { id: 'ks-zoom-inside', type: 'inside', xAxisIndex: 0, filterMode: 'none',
        zoomOnMouseWheel: 'ctrl', moveOnMouseWheel: false },
      { id: 'ks-zoom-slider', type: 'slider', xAxisIndex: 0, filterMode: 'none', show: Boolean(spec.slider),
        height: 20, bottom: 8, labelFormatter: (v) => `${Number(v).toFixed(2)} s` },
    ];
    return {
      animation: false,
      grid,
      legend: spec.legend === false ? undefined
        : { type: 'scroll', top: 0, left: GRID.left, right: GRID.right,
            data: spec.series.map((s) => s.name) },
      tooltip: spec.tooltip || timeTooltip(),
      xAxis: { type: 'value', min: 0, max: end, name: 's', nameGap: 4,
               axisLabel: { formatter: (v) => `${v}` }, splitLine: { show: false } },
      yAxis: spec.yAxis || { type: 'value', scale: false, splitNumber: 3,
                             axisLabel: { hideOverlap: true } },
      dataZoom,
      series: [...spec.series, eventSeries(view.timeline, spec.labels), selectedSeries(view.selected)],
    };
  }

  function lineSeries(name, data, extra) {
    return { name, type: 'line', data, showSymbol: false, symbolSize: 4, lineStyle: { width: 1.5 },
             emphasis: { focus: 'series' }, ...extra };
  }

  function rateSeries(timeline) {
    const b = timeline.bucket / 1000;
    return (timeline.rates || []).map((r) => lineSeries(`${r.name} ${r.kind}`,
      (r.counts || []).map((c, i) => [i * b, c]), { sampling: 'lttb' }));
  }

  function offsetSeries(timeline, partition) {
    // The log end wide and light underneath: a position that keeps up with it lies on top.
    const series = [lineSeries('log end', stepPoints(partition.log_end, timeline.end),
      { step: 'end', color: '#aaa', lineStyle: { width: 4, opacity: 0.8 }, z: 1 })];
    (partition.groups || []).forEach((g, i) => {
      const colour = PALETTE[i % PALETTE.length];
      series.push(lineSeries(`${g.group} position`, stepPoints(g.position, timeline.end),
        { step: 'end', color: colour }));
      series.push(lineSeries(`${g.group} committed`, stepPoints(g.committed, timeline.end),
        { step: 'end', color: colour, lineStyle: { width: 1.5, type: 'dashed' } }));
    });
    // A group assigned the partition that never read or committed there has no line to draw.
    return series.filter((s) => s.data.length > 0);
  }

  function lagSeries(timeline) {
    return (timeline.lag || []).map((g) => lineSeries(g.group, stepPoints(g.points, timeline.end),
      { step: 'end' }));
  }

  const partitionName = (topic, partition) => `${topic}[${partition}]`;

  /** The swimlanes: a lane per member, in it a row per partition the member ever owned. */
  function ownershipModel(timeline) {
    const members = (timeline.ownership || []).map((o) => o.member);
    const colours = new Map();
    const data = [];
    let maxRows = 1;
    (timeline.ownership || []).forEach((o, lane) => {
      const rows = new Map();
      for (const s of o.spans || []) {
        const name = partitionName(s.topic, s.partition);
        if (!rows.has(name)) rows.set(name, rows.size);
        if (!colours.has(name)) colours.set(name, PALETTE[colours.size % PALETTE.length]);
      }
      maxRows = Math.max(maxRows, rows.size);
      for (const s of o.spans || []) {
        const name = partitionName(s.topic, s.partition);
        data.push({ name, value: [lane, s.from / 1000, s.to / 1000, rows.get(name), rows.size],
                    member: o.member, itemStyle: { color: colours.get(name) } });
      }
    });
    return { members, data, maxRows };
  }

  function ownershipRenderItem(params, api) {
    const lane = api.value(0);
    const row = api.value(3);
    const rows = api.value(4);
    const from = api.coord([api.value(1), lane]);
    const to = api.coord([api.value(2), lane]);
    const laneHeight = api.size([0, 1])[1] * 0.8;
    const rowHeight = laneHeight / rows;
    const top = from[1] - laneHeight / 2 + row * rowHeight;
    const cs = params.coordSys;
    const shape = echarts.graphic.clipRectByRect(
      { x: from[0], y: top + 1, width: Math.max(to[0] - from[0], 1), height: Math.max(rowHeight - 2, 1) },
      { x: cs.x, y: cs.y, width: cs.width, height: cs.height });
    if (!shape) return null;
    return { type: 'rect', shape, style: { fill: api.visual('color') } };
  }

  function ownershipSeries(model) {
    return [{
      name: 'ownership', type: 'custom', data: model.data, encode: { x: [1, 2], y: 0 },
      renderItem: (params, api) => {
        const item = ownershipRenderItem(params, api);
        if (!item) return null;
        const text = model.data[params.dataIndex].name;
        // A label when the span is wide and tall enough for it.
        if (item.shape.width > text.length * 6 + 6 && item.shape.height >= 10) {
          item.textContent = { style: { text, fontSize: Math.min(11, item.shape.height - 1), fill: '#fff' } };
          item.textConfig = { position: 'inside' };
        }
        return item;
      },
      tooltip: {
        trigger: 'item',
        formatter: (p) => echarts.format.encodeHTML(
          `${p.data.member} owned ${p.name} from ${p.value[1].toFixed(3)} s to ${p.value[2].toFixed(3)} s`),
      },
    }];
  }

  /** A bucket's label: "<5 ms", "5-10 ms", "500 ms-1 s", "1-2 s". */
  function latencyLabel(from, to) {
    const unit = (v) => (v >= 1000 ? 's' : 'ms');
    const num = (v) => (v >= 1000 ? `${v / 1000}` : `${v}`);
    if (from === 0) return `<${num(to)} ${unit(to)}`;
    if (unit(from) === unit(to)) return `${num(from)}-${num(to)} ${unit(to)}`;
    return `${num(from)} ${unit(from)}-${num(to)} ${unit(to)}`;
  }

  function latencyOption(l) {
    const edges = l.edges || [];
    const labels = (l.counts || []).map((_, i) => latencyLabel(edges[i], edges[i + 1]));
    const ms = (v) => (typeof v === 'number' ? `${v} ms` : '-');
    return {
      animation: false,
      title: { text: `End-to-end latency, ${l.group}: p50 ${ms(l.p50)}, p99 ${ms(l.p99)}, max ${ms(l.max)}`
                       + ` (${l.records} records)`,
               left: GRID.left, top: 0, textStyle: { fontSize: 13, fontWeight: 'normal' } },
      grid: { ...GRID, top: 34, bottom: labels.length > 12 ? 50 : GRID.bottom },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' },
                 valueFormatter: (v) => `${v} records` },
      xAxis: { type: 'category', data: labels,
               axisLabel: { interval: 0, fontSize: 11, rotate: labels.length > 12 ? 30 : 0 } },
      yAxis: { type: 'value', splitNumber: 3 },
      series: [{ name: l.group, type: 'bar', data: l.counts || [], color: PALETTE[0] }],
    };
  }

  /** The partition to show first when only one is shown: the first that rewinds, else the first. */
  function firstRewind(partitions) {
    const rewinds = (points) => (points || []).some((p, i) => i > 0 && p[1] < points[i - 1][1]);
    const index = partitions.findIndex((p) => (p.groups || []).some(
      (g) => rewinds(g.position) || rewinds(g.committed)));
    return index < 0 ? 0 : index;
  }

  function chartBox(view, heading, height, kind, extra) {
    const div = el('div', { class: `ks-chart${kind === 'latency' ? '' : ' ks-time-chart'}`,
                            'data-chart': kind, style: `height:${height}px` });
    const box = el('div', { class: 'ks-chart-box' });
    if (heading) box.appendChild(el('h4', { text: heading }));
    if (extra) box.appendChild(extra);
    box.appendChild(div);
    view.chartsBox.appendChild(box);
    return div;
  }

  /** Draws a scenario's charts (once, when they are first near the viewport or asked for). */
  function renderCharts(view) {
    if (view.rendered) return;
    view.rendered = true;
    const tl = view.timeline;
    const group = `ks-${view.scenario.id}`;
    view.selected = null;
    // Each time chart: {div, spec} where spec = {series, yAxis?, tooltip?, legend?}; the first
    // chart carries the event labels, the last the zoom slider.
    const timeCharts = [];
    const addTime = (div, kind, spec) => timeCharts.push({ div, kind, spec });

    if ((tl.rates || []).length) {
      const div = chartBox(view, `Records per ${tl.bucket} ms`, TIME_CHART_HEIGHT, 'rates');
      addTime(div, 'rates', { series: rateSeries(tl) });
    }
    const partitions = tl.partitions || [];
    if (partitions.length && partitions.length <= MAX_SMALL_MULTIPLES) {
      view.chartsBox.appendChild(el('h4', { text: 'Offsets per partition' }));
      for (const p of partitions) {
        const div = chartBox(view, null, TIME_CHART_HEIGHT, 'offsets');
        div.setAttribute('data-partition', partitionName(p.topic, p.partition));
        addTime(div, 'offsets', { series: offsetSeries(tl, p), title: partitionName(p.topic, p.partition) });
      }
    } else if (partitions.length) {
      const chosen = firstRewind(partitions);
      const select = el('select', { class: 'ks-partition-select', 'aria-label': 'partition' },
        partitions.map((p, i) => el('option', { value: i, selected: i === chosen,
                                                 text: partitionName(p.topic, p.partition) })));
      const div = chartBox(view, 'Offsets per partition', TIME_CHART_HEIGHT, 'offsets',
        el('label', { class: 'ks-select' }, 'partition ', select));
      const entry = { div, kind: 'offsets', spec: { series: offsetSeries(tl, partitions[chosen]) } };
      timeCharts.push(entry);
      select.addEventListener('change', () => {
        entry.spec.series = offsetSeries(tl, partitions[Number(select.value)]);
        entry.chart.setOption(buildTimeOption(entry), { replaceMerge: ['series'] });
      });
    }
    if ((tl.lag || []).length) {
      const div = chartBox(view, 'Lag per group', TIME_CHART_HEIGHT, 'lag');
      addTime(div, 'lag', { series: lagSeries(tl) });
    }
    if ((tl.ownership || []).length) {
      const model = ownershipModel(tl);
      const laneHeight = Math.max(40, model.maxRows * 16);
      const height = Math.max(TIME_CHART_HEIGHT, GRID.top + GRID.bottom + model.members.length * laneHeight);
      const dropped = tl.spans_dropped || 0;
      const heading = dropped > 0
        ? `Partition ownership (the ${dropped} spans that began last are not shown)` : 'Partition ownership';
      const div = chartBox(view, heading, height, 'ownership');
      addTime(div, 'ownership', {
        series: ownershipSeries(model), legend: false,
        tooltip: { trigger: 'item', confine: true },
        yAxis: { type: 'category', data: model.members, inverse: true,
                 axisLabel: { width: GRID.left - 14, overflow: 'truncate' },
                 splitLine: { show: true, lineStyle: { color: '#eee' } } },
      });
    }

    if (timeCharts.length) {
      timeCharts[timeCharts.length - 1].spec.slider = true;
      timeCharts[timeCharts.length - 1].div.style.height =
        `${parseFloat(timeCharts[timeCharts.length - 1].div.style.height) + SLIDER_SPACE}px`;
      timeCharts[0].spec.labels = true;
    }
    function buildTimeOption(entry) {
      const option = timeOption(view, entry.spec);
      if (entry.spec.title) {
        option.title = { text: entry.spec.title, right: GRID.right, top: 0,
                         textStyle: { fontSize: 12, fontWeight: 'normal', color: '#555' } };
        option.legend.right = GRID.right + 80;
      }
      return option;
    }
    view.buildTimeOption = buildTimeOption;
    for (const entry of timeCharts) {
      entry.chart = echarts.init(entry.div, null, { renderer: 'canvas' });
      entry.chart.group = group;
      entry.chart.setOption(buildTimeOption(entry));
      view.charts.push(entry);
    }
    echarts.connect(group);

    for (const l of tl.latency || []) {
      const div = chartBox(view, null, TIME_CHART_HEIGHT, 'latency');
      const chart = echarts.init(div, null, { renderer: 'canvas' });
      chart.setOption(latencyOption(l));
      view.latencyCharts = (view.latencyCharts || []).concat([chart]);
    }
    view.chartsBox.setAttribute('data-rendered', '1');
  }

  /**
   * Shows the moment t_ms of a scenario: scrolls to its charts, zooms every time chart to about
   * ±max(1 s, 5% of the run) around it and marks it on each.
   */
  function focusTime(scenarioId, tMs) {
    const view = views.get(scenarioId);
    if (!view) return;
    renderCharts(view);
    const end = view.timeline.end;
    const half = Math.max(1000, 0.05 * end);
    const from = Math.max(0, tMs - half);
    const to = Math.min(end, tMs + half);
    view.selected = tMs;
    for (const entry of view.charts) {
      entry.chart.dispatchAction({ type: 'dataZoom', startValue: from / 1000, endValue: to / 1000 });
      entry.chart.setOption({ series: [selectedSeries(tMs)] });
    }
    view.chartsBox.scrollIntoView({ block: 'start', behavior: 'auto' });
  }

  // ---- the page ----------------------------------------------------------------------------

  function renderWhenNear() {
    const pending = [...views.values()];
    if (!('IntersectionObserver' in window)) {
      pending.forEach(renderCharts);
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        observer.unobserve(e.target);
        renderCharts(views.get(e.target.getAttribute('data-scenario')));
      }
    }, { rootMargin: '600px 0px' });
    pending.forEach((v) => observer.observe(v.chartsBox));
  }

  function main() {
    const root = document.getElementById('ks-report');
    let data;
    try {
      data = JSON.parse(document.getElementById('ks-data').textContent);
    } catch (e) {
      root.appendChild(el('p', { class: 'ks-reason', text: `The report's data does not parse: ${e.message}` }));
      return;
    }
    if (!data || data.kafka_scenario_html !== 1 || !Array.isArray(data.scenarios)) {
      root.appendChild(el('p', { class: 'ks-reason',
        text: `This page reads report data format 1, not ${data && data.kafka_scenario_html}.` }));
      return;
    }
    root.appendChild(header(data));
    const main = el('main');
    for (const scenario of data.scenarios) main.appendChild(scenarioSection(scenario));
    root.appendChild(main);
    renderWhenNear();
    window.addEventListener('resize', () => {
      for (const view of views.values()) {
        for (const entry of view.charts) entry.chart.resize();
        for (const chart of view.latencyCharts || []) chart.resize();
      }
    });
    document.body.setAttribute('data-ks-ready', '1');
  }

  window.focusTime = focusTime;
  /** For tests and the console: draw every scenario's charts now. */
  window.ksRenderAll = () => views.forEach(renderCharts);
  main();
})();
