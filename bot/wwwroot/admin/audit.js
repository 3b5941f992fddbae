// The audit log page: GET /api/admin/audit with the filters, newest first, 50 a page. Read-only: the log has no route
// that changes an entry. Every value is shown as text.
(function () {
  'use strict';
  var A = window.Admin;
  var PAGE_SIZE = 50;
  var state = { page: 1, total: 0 };

  function filters() {
    var from = A.byId('auditFrom').value;
    var to = A.byId('auditTo').value;
    return {
      actor: A.byId('auditActor').value.trim(),
      action: A.byId('auditAction').value.trim(),
      target: A.byId('auditTarget').value.trim(),
      outcome: A.byId('auditOutcome').value,
      // Dates are whole local days.
      from: from ? new Date(from + 'T00:00:00').toISOString() : '',
      to: to ? new Date(to + 'T23:59:59.999').toISOString() : '',
      page: state.page,
      pageSize: PAGE_SIZE
    };
  }

  function json(value) {
    return value === null || value === undefined ? A.el('span', { className: 'muted', text: '—' })
      : A.el('pre', { className: 'json', text: JSON.stringify(value, null, 1) });
  }

  function load() {
    var status = A.byId('auditStatus');
    A.say(status, 'Loading…', '');
    return A.api('GET', '/api/admin/audit' + A.query(filters())).then(function (page) {
      state.total = page.total;
      var body = A.clear(document.querySelector('#auditTable tbody'));
      page.entries.forEach(function (entry) {
        body.appendChild(A.el('tr', { data: { id: entry.id } }, [
          A.el('td', { text: A.formatTime(entry.atUtc) }),
          A.el('td', {}, [A.el('span', { text: entry.actor }), ' ', A.el('span', { className: 'badge', text: entry.actorKind })]),
          A.el('td', { text: entry.action }),
          A.el('td', { text: entry.targetType + (entry.targetId ? ':' + entry.targetId : '') }),
          A.el('td', { text: entry.outcome }),
          A.el('td', {}, [json(entry.before)]),
          A.el('td', {}, [json(entry.after)]),
          A.el('td', { text: entry.clientIp || '' })
        ]));
      });
      var pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
      A.byId('auditPage').textContent = 'Page ' + page.page + ' of ' + pages + ' · ' + page.total + ' entries';
      A.byId('auditPrev').disabled = page.page <= 1;
      A.byId('auditNext').disabled = page.page >= pages;
      A.say(status, page.total === 0 ? 'No entries match.' : '', '');
    }).catch(function (error) {
      A.say(status, error.message, 'error');
    });
  }

  A.byId('auditFilters').addEventListener('submit', function (event) {
    event.preventDefault();
    state.page = 1;
    load();
  });
  A.byId('auditPrev').addEventListener('click', function () { state.page -= 1; load(); });
  A.byId('auditNext').addEventListener('click', function () { state.page += 1; load(); });
  load();
})();
