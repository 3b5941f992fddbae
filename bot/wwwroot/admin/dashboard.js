// The analytics dashboard: GET /api/admin/analytics for a range of UTC days (default the last 30) and optional channel
// and language, shown as key-figure tiles, Chart.js charts (window.Chart, from /lib/chartjs/chart.umd.js) and a data
// table under each chart. The CSV link carries the same filters as what is shown. Every value is set as text, and the
// filters live in the address so a reload or a shared link shows the same numbers.
(function () {
  'use strict';
  var A = window.Admin;
  var DEFAULT_DAYS = 30;
  var DAY_MS = 24 * 60 * 60 * 1000;
  var charts = {};

  function utcDay(date) {
    return date.toISOString().slice(0, 10);
  }

  function isDay(value) {
    return /^\d{4}-\d{2}-\d{2}$/.test(value || '');
  }

  function initialFilters() {
    var params = new URLSearchParams(window.location.search);
    var now = new Date();
    var to = isDay(params.get('to')) ? params.get('to') : utcDay(now);
    var from = isDay(params.get('from')) ? params.get('from')
      : utcDay(new Date(Date.parse(to + 'T00:00:00Z') - (DEFAULT_DAYS - 1) * DAY_MS));
    A.byId('dashFrom').value = from;
    A.byId('dashTo').value = to;
    var channel = params.get('channel') || '';
    if (channel) {
      addChannelOption(channel);
    }
    A.byId('dashChannel').value = channel;
    var language = params.get('language') || '';
    A.byId('dashLanguage').value = language === 'en' || language === 'id' ? language : '';
  }

  function filters() {
    return {
      from: A.byId('dashFrom').value,
      to: A.byId('dashTo').value,
      channel: A.byId('dashChannel').value,
      language: A.byId('dashLanguage').value
    };
  }

  function addChannelOption(channel) {
    var select = A.byId('dashChannel');
    var exists = Array.prototype.some.call(select.options, function (option) { return option.value === channel; });
    if (!exists) {
      select.appendChild(A.el('option', { text: channel, attrs: { value: channel } }));
    }
  }

  // ---- Formatting -------------------------------------------------------------------------------------------------

  function ms(value) {
    return value === null || value === undefined ? '—' : value + ' ms';
  }

  function csat(value) {
    return value === null || value === undefined ? '—' : value.toFixed(2);
  }

  function percentOrNull(whole, rate) {
    // A day without conversations has no rate: a gap in the line, not a misleading 0 %.
    return whole === 0 ? null : Math.round(rate * 1000) / 10;
  }

  function languageName(code) {
    return code === 'en' ? 'English (en)' : code === 'id' ? 'Bahasa Indonesia (id)' : code;
  }

  // ---- Key figures ------------------------------------------------------------------------------------------------

  function tile(id, value, text, detail) {
    var node = A.byId(id);
    node.dataset.value = value === null || value === undefined ? '' : String(value);
    node.querySelector('.kpi-value').textContent = text;
    node.querySelector('.kpi-detail').textContent = detail;
  }

  function renderTiles(report) {
    tile('kpiConversations', report.conversations, String(report.conversations), report.turns + ' bot turns');
    tile('kpiContainment', report.containmentRate, A.formatPercent(report.containmentRate),
      report.contained + ' of ' + report.conversations + ' conversations');
    tile('kpiEscalation', report.escalationRate, A.formatPercent(report.escalationRate),
      report.escalated + ' of ' + report.conversations + ' handed to a person');
    tile('kpiFallback', report.fallbackRate, A.formatPercent(report.fallbackRate),
      report.fallbackTurns + ' of ' + report.turns + ' turns');
    tile('kpiCsat', report.csat.average, report.csat.average === null ? '—' : csat(report.csat.average) + ' / 5',
      report.csat.ratings + (report.csat.ratings === 1 ? ' rating' : ' ratings'));
    var times = report.responseTimes;
    tile('kpiP50', times.p50Ms, ms(times.p50Ms), 'median of ' + times.turns + ' turns');
    tile('kpiP95', times.p95Ms, ms(times.p95Ms), '95th percentile (' + times.method + ')');
  }

  // ---- Tables (the charts' numbers, for screen readers and for reading exact values) -------------------------------

  function table(id, caption, headers, rows) {
    var node = A.clear(A.byId(id));
    node.appendChild(A.el('caption', { className: 'muted', text: caption }));
    node.appendChild(A.el('thead', {}, [A.el('tr', {}, headers.map(function (h, i) {
      return A.el('th', { className: i === 0 ? '' : 'num', text: h, attrs: { scope: 'col' } });
    }))]));
    var body = A.el('tbody');
    rows.forEach(function (row) {
      body.appendChild(A.el('tr', {}, row.map(function (cell, i) {
        return i === 0 ? A.el('th', { text: cell, attrs: { scope: 'row' } }) : A.el('td', { className: 'num', text: cell });
      })));
    });
    if (rows.length === 0) {
      body.appendChild(A.el('tr', {}, [A.el('td', { className: 'muted', text: 'No data in this range.', attrs: { colspan: headers.length } })]));
    }
    node.appendChild(body);
  }

  function breakdownRows(list, name) {
    return list.map(function (b) {
      return [name(b.key), String(b.conversations), String(b.contained), String(b.escalated), A.formatPercent(b.containmentRate),
        A.formatPercent(b.escalationRate), A.formatPercent(b.fallbackRate), csat(b.csatAverage), ms(b.p50Ms), ms(b.p95Ms)];
    });
  }

  var BREAKDOWN_HEADERS = ['Conversations', 'Contained', 'Escalated', 'Containment', 'Escalation', 'Fallback', 'CSAT', 'p50', 'p95'];

  function renderTables(report) {
    table('tableDaily', 'Conversations per day (UTC)', ['Day', 'Conversations', 'Contained', 'Escalated', 'Came back', 'Bot turns'],
      report.byDay.map(function (d) {
        return [d.key, String(d.conversations), String(d.contained), String(d.escalated),
          String(d.conversations - d.contained - d.escalated), String(d.turns)];
      }));
    table('tableRates', 'Rates per day (UTC); — on days without conversations', ['Day', 'Containment', 'Escalation', 'Fallback', 'CSAT', 'p50', 'p95'],
      report.byDay.map(function (d) {
        var none = d.conversations === 0;
        return [d.key, none ? '—' : A.formatPercent(d.containmentRate), none ? '—' : A.formatPercent(d.escalationRate),
          d.turns === 0 ? '—' : A.formatPercent(d.fallbackRate), csat(d.csatAverage), ms(d.p50Ms), ms(d.p95Ms)];
      }));
    table('tableIntents', 'Top intents by bot turns', ['Intent', 'Turns', 'Share of turns'],
      report.topIntents.map(function (i) {
        return [i.intent, String(i.turns), A.formatPercent(report.turns === 0 ? 0 : i.turns / report.turns)];
      }));
    table('tableCsat', 'Ratings after a conversation with a person (1 poor – 5 excellent)', ['Rating', 'Ratings'],
      [1, 2, 3, 4, 5].map(function (score) { return [String(score), String(report.csat.distribution[score] || 0)]; }));
    table('tableChannels', 'By channel', ['Channel'].concat(BREAKDOWN_HEADERS), breakdownRows(report.byChannel, String));
    table('tableLanguages', 'By language', ['Language'].concat(BREAKDOWN_HEADERS), breakdownRows(report.byLanguage, languageName));
  }

  // ---- Charts -----------------------------------------------------------------------------------------------------

  function palette() {
    var style = window.getComputedStyle(document.documentElement);
    function v(name, fallback) { return (style.getPropertyValue(name) || '').trim() || fallback; }
    return { accent: v('--accent', '#0b6bcb'), ok: v('--ok', '#1d7a46'), warn: v('--warn', '#b44d12'), error: v('--error', '#b42318'), muted: v('--muted', '#616e7c') };
  }

  function percentTicks() {
    return { min: 0, max: 100, ticks: { callback: function (value) { return value + ' %'; } } };
  }

  // Creates the chart once, then swaps its data: Chart.js keeps one instance per canvas.
  function draw(id, config) {
    var canvas = A.byId(id);
    var existing = charts[id];
    if (existing) {
      existing.data = config.data;
      existing.options = config.options;
      existing.update();
      return existing;
    }
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options);
    charts[id] = new window.Chart(canvas, config);
    return charts[id];
  }

  function stacked(labels, list, colors) {
    return {
      type: 'bar',
      data: {
        labels: labels,
        datasets: [
          { label: 'Contained', data: list.map(function (b) { return b.contained; }), backgroundColor: colors.ok },
          { label: 'Escalated', data: list.map(function (b) { return b.escalated; }), backgroundColor: colors.warn },
          { label: 'Came back within 72 h', data: list.map(function (b) { return b.conversations - b.contained - b.escalated; }), backgroundColor: colors.muted }
        ]
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }
    };
  }

  function renderCharts(report) {
    if (typeof window.Chart !== 'function') {
      throw new Error('The charting library did not load (/lib/chartjs/chart.umd.js); the tables below the charts still have every number.');
    }
    var colors = palette();
    var days = report.byDay.map(function (d) { return d.key; });
    draw('chartDaily', stacked(days, report.byDay, colors));
    draw('chartRates', {
      type: 'line',
      data: {
        labels: days,
        datasets: [
          { label: 'Containment', data: report.byDay.map(function (d) { return percentOrNull(d.conversations, d.containmentRate); }), borderColor: colors.ok, backgroundColor: colors.ok },
          { label: 'Escalation', data: report.byDay.map(function (d) { return percentOrNull(d.conversations, d.escalationRate); }), borderColor: colors.warn, backgroundColor: colors.warn },
          { label: 'Fallback (per turn)', data: report.byDay.map(function (d) { return percentOrNull(d.turns, d.fallbackRate); }), borderColor: colors.error, backgroundColor: colors.error }
        ]
      },
      options: {
        spanGaps: true,
        scales: { y: percentTicks() },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ': ' + c.parsed.y + ' %'; } } } }
      }
    });
    draw('chartIntents', {
      type: 'bar',
      data: {
        labels: report.topIntents.map(function (i) { return i.intent; }),
        datasets: [{ label: 'Bot turns', data: report.topIntents.map(function (i) { return i.turns; }), backgroundColor: colors.accent }]
      },
      options: { indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { display: false } } }
    });
    draw('chartCsat', {
      type: 'bar',
      data: {
        labels: ['1', '2', '3', '4', '5'],
        datasets: [{ label: 'Ratings', data: [1, 2, 3, 4, 5].map(function (s) { return report.csat.distribution[s] || 0; }), backgroundColor: colors.accent }]
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { display: false } } }
    });
    draw('chartChannels', stacked(report.byChannel.map(function (b) { return b.key; }), report.byChannel, colors));
    draw('chartLanguages', stacked(report.byLanguage.map(function (b) { return languageName(b.key); }), report.byLanguage, colors));
  }

  // ---- Loading ----------------------------------------------------------------------------------------------------

  function load() {
    var status = A.byId('dashStatus');
    var root = A.byId('dashboard');
    var applied = filters();
    var search = A.query(applied);
    root.dataset.state = 'loading';
    A.say(status, 'Loading…', '');
    return A.api('GET', '/api/admin/analytics' + search).then(function (report) {
      (report.channels || []).forEach(addChannelOption);
      A.byId('dashCsv').setAttribute('href', '/api/admin/analytics.csv' + search);
      window.history.replaceState(null, '', window.location.pathname + search);
      renderTiles(report);
      renderTables(report);
      renderCharts(report);
      root.dataset.query = search;
      root.dataset.state = 'loaded';
      A.say(status, report.conversations === 0 ? 'No conversations in this range.' : '', '');
    }).catch(function (error) {
      root.dataset.state = 'error';
      A.say(status, error.message, 'error');
    });
  }

  A.byId('dashFilters').addEventListener('submit', function (event) {
    event.preventDefault();
    load();
  });
  initialFilters();
  load();
})();
