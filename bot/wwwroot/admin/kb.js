// The knowledge base page (/admin/kb): the documents list with filters, a document's versions with the review workflow
// (submit for review, send back, publish, retire), a diff between two versions, where the document was cited and its
// feedback, a Markdown editor with the bot's-eye preview, and file upload. Views live in the query string (?doc=<id>,
// &edit=1, ?new=1, ?upload=1) because only /admin/kb is routed. Everything shown is set as text, never as markup.
(function () {
  'use strict';
  var A = window.Admin;
  var DOCS = '/api/admin/kb/documents';
  var FOLD_CONTEXT = 3;
  var rules = { requireReview: false, twoPersonRule: false };
  var views = ['kbListView', 'kbDocView', 'kbEditorView', 'kbUploadView'];
  var current = { doc: null };

  function status(text, kind) {
    A.say(A.byId('kbStatus'), text, kind);
  }

  function fail(error) {
    status(error && error.message ? error.message : String(error), 'error');
  }

  function params() {
    var search = new URLSearchParams(window.location.search);
    return { doc: search.get('doc'), edit: search.get('edit') === '1', upload: search.get('upload') === '1', create: search.get('new') === '1' };
  }

  function go(url, message) {
    window.history.pushState(null, '', url);
    render().then(function () {
      if (message) {
        status(message, 'ok');
      }
    });
  }

  function link(text, url, id) {
    return A.el('a', {
      text: text, attrs: { href: url, id: id },
      on: { click: function (event) { if (!event.ctrlKey && !event.metaKey && !event.shiftKey) { event.preventDefault(); go(url); } } }
    });
  }

  function show(view) {
    views.forEach(function (id) { A.byId(id).hidden = id !== view; });
  }

  function badge(statusWord) {
    return A.el('span', { className: 'badge ' + statusWord, text: statusWord, data: { status: statusWord } });
  }

  function effective(from, to) {
    if (!from && !to) {
      return 'always';
    }
    return (from || '…') + ' → ' + (to || '…');
  }

  function docUrl(id, extra) {
    return '/admin/kb?doc=' + encodeURIComponent(id) + (extra || '');
  }

  // ---- list ----

  function filters() {
    return {
      status: A.byId('kbFilterStatus').value,
      audience: A.byId('kbFilterAudience').value,
      language: A.byId('kbFilterLanguage').value,
      owner: A.byId('kbFilterOwner').value.trim(),
      q: A.byId('kbFilterText').value.trim()
    };
  }

  function renderList() {
    show('kbListView');
    return A.api('GET', DOCS + A.query(filters())).then(function (documents) {
      var body = A.clear(document.querySelector('#kbTable tbody'));
      documents.forEach(function (d) {
        body.appendChild(A.el('tr', { data: { id: d.id } }, [
          A.el('td', {}, [link(d.title, docUrl(d.id))]),
          A.el('td', {}, ['v' + d.latestVersion + ' ', badge(d.latestStatus)]),
          A.el('td', { text: d.publishedVersion ? 'v' + d.publishedVersion : '—' }),
          A.el('td', { text: d.audience }),
          A.el('td', { text: d.language }),
          A.el('td', { text: d.owner }),
          A.el('td', { text: A.formatTime(d.updatedAt) })
        ]));
      });
      if (documents.length === 0) {
        body.appendChild(A.el('tr', {}, [A.el('td', { className: 'muted', text: 'No documents match.', attrs: { colspan: 7 } })]));
      }
    });
  }

  // ---- one document ----

  function actionsFor(version) {
    var actions = [];
    if (version.status === 'draft') {
      actions.push(['submit', 'Submit for review']);
      if (!rules.requireReview) {
        actions.push(['publish', 'Publish']);
      }
    } else if (version.status === 'review') {
      actions.push(['publish', 'Publish']);
      actions.push(['return', 'Send back to draft']);
    }
    if (version.status === 'published') {
      actions.push(['retire', 'Retire']);
    }
    return actions;
  }

  var PAST = { submit: 'submitted for review', publish: 'published', 'return': 'sent back to draft', retire: 'retired' };

  function act(id, version, action, button) {
    button.disabled = true;
    return A.api('POST', DOCS + '/' + encodeURIComponent(id) + '/versions/' + version + '/' + action).then(function () {
      return renderDocument(id).then(function () { status('Version ' + version + ' ' + PAST[action] + '.', 'ok'); });
    }).catch(function (error) {
      button.disabled = false;
      fail(error);
    });
  }

  function fillVersionSelect(select, versions, selected) {
    A.clear(select);
    versions.forEach(function (v) {
      select.appendChild(A.el('option', { text: 'v' + v.version + ' (' + v.status + ')', attrs: { value: v.version, selected: v.version === selected } }));
    });
  }

  function renderDocument(id) {
    show('kbDocView');
    A.byId('kbDiff').hidden = true;
    A.byId('kbDiffSummary').hidden = true;
    return A.api('GET', DOCS + '/' + encodeURIComponent(id)).then(function (detail) {
      current.doc = detail;
      var d = detail.document;
      A.byId('kbDocTitle').textContent = d.title;
      A.byId('kbDocSummary').textContent = d.audience + ' · ' + d.language + ' · owner ' + d.owner + ' · ' +
        (d.publishedVersion ? 'version ' + d.publishedVersion + ' published' : 'not published');
      var body = A.clear(document.querySelector('#kbVersions tbody'));
      detail.versions.slice().reverse().forEach(function (v) {
        var buttons = actionsFor(v).map(function (pair) {
          var button = A.el('button', {
            text: pair[1], className: pair[0] === 'publish' ? 'primary' : pair[0] === 'retire' ? 'danger' : '',
            attrs: { type: 'button' }, data: { action: pair[0], version: v.version }
          });
          if (pair[0] === 'publish' && rules.twoPersonRule && A.userName && v.createdBy === A.userName) {
            // The server refuses it anyway; say why before anyone tries.
            button.disabled = true;
            button.title = 'Two-person rule: another admin must publish a version you wrote.';
          }
          button.addEventListener('click', function () { act(d.id, v.version, pair[0], button); });
          return button;
        });
        body.appendChild(A.el('tr', { data: { version: v.version, status: v.status } }, [
          A.el('td', { className: 'num', text: v.version }),
          A.el('td', {}, [badge(v.status)]),
          A.el('td', { text: v.title }),
          A.el('td', { text: v.audience }),
          A.el('td', { text: v.language }),
          A.el('td', { text: effective(v.effectiveFrom, v.effectiveTo) }),
          A.el('td', { text: v.createdBy + ', ' + A.formatTime(v.createdAt) }),
          A.el('td', { text: v.publishedBy ? v.publishedBy + ', ' + A.formatTime(v.publishedAt) : '—' }),
          A.el('td', {}, [A.el('div', { className: 'kb-actions' }, buttons)])
        ]));
      });
      var last = detail.versions[detail.versions.length - 1].version;
      fillVersionSelect(A.byId('kbDiffFrom'), detail.versions, Math.max(1, last - 1));
      fillVersionSelect(A.byId('kbDiffTo'), detail.versions, last);
      return renderUsage(d.id);
    });
  }

  function renderUsage(id) {
    return A.api('GET', DOCS + '/' + encodeURIComponent(id) + '/usage').then(function (usage) {
      A.byId('kbUsageTotals').textContent = usage.citations + ' citation(s) · ' + usage.helpful + ' helpful · ' + usage.notHelpful + ' not helpful';
      var body = A.clear(document.querySelector('#kbUsageVersions tbody'));
      usage.versions.slice().reverse().forEach(function (v) {
        body.appendChild(A.el('tr', { data: { version: v.version } }, [
          A.el('td', { className: 'num', text: v.version }),
          A.el('td', {}, [badge(v.status)]),
          A.el('td', { className: 'num', text: v.citations }),
          A.el('td', { className: 'num', text: v.helpful }),
          A.el('td', { className: 'num', text: v.notHelpful })
        ]));
      });
      var list = A.clear(A.byId('kbNegative'));
      usage.recentNegative.forEach(function (n) {
        list.appendChild(A.el('li', {}, [
          A.el('div', { className: 'muted', text: A.formatTime(n.at) + ' · ' + n.channel + ' · v' + (n.version || '?') + (n.citation ? ' · ' + n.citation : '') }),
          A.el('div', { className: 'kb-quote', text: n.message })
        ]));
      });
      if (usage.recentNegative.length === 0) {
        list.appendChild(A.el('li', { className: 'muted', text: 'No negative feedback.' }));
      }
    });
  }

  function renderDiff(diff) {
    var box = A.clear(A.byId('kbDiff'));
    var lines = diff.lines;
    var i = 0;
    function line(l) {
      var mark = l.kind === 'added' ? '+ ' : l.kind === 'removed' ? '- ' : '  ';
      return A.el('div', { className: 'kb-line ' + l.kind, text: mark + l.text, data: { kind: l.kind } });
    }
    while (i < lines.length) {
      if (lines[i].kind !== 'same') {
        box.appendChild(line(lines[i]));
        i++;
        continue;
      }
      var end = i;
      while (end < lines.length && lines[end].kind === 'same') {
        end++;
      }
      var keepStart = i === 0 ? 0 : FOLD_CONTEXT;
      var keepEnd = end === lines.length ? 0 : FOLD_CONTEXT;
      if (end - i > keepStart + keepEnd + 1) {
        lines.slice(i, i + keepStart).forEach(function (l) { box.appendChild(line(l)); });
        var hidden = lines.slice(i + keepStart, end - keepEnd);
        var fold = A.el('button', { className: 'kb-fold', text: '… ' + hidden.length + ' unchanged line(s) …', attrs: { type: 'button' } });
        fold.addEventListener('click', (function (folded, button) {
          return function () {
            var fragment = document.createDocumentFragment();
            folded.forEach(function (l) { fragment.appendChild(line(l)); });
            button.parentNode.replaceChild(fragment, button);
          };
        })(hidden, fold));
        box.appendChild(fold);
        lines.slice(end - keepEnd, end).forEach(function (l) { box.appendChild(line(l)); });
      } else {
        lines.slice(i, end).forEach(function (l) { box.appendChild(line(l)); });
      }
      i = end;
    }
    box.hidden = false;
    var summary = A.byId('kbDiffSummary');
    summary.textContent = 'v' + diff.from + ' → v' + diff.to + ': ' + diff.added + ' line(s) added, ' + diff.removed + ' removed' +
      (diff.exact ? '' : ' (the versions differ too much to compare line by line: the changed part is shown replaced)');
    summary.hidden = false;
  }

  // ---- editor ----

  function editorFields() {
    return {
      title: A.byId('kbEdTitle').value.trim(),
      owner: A.byId('kbEdOwner').value.trim(),
      audience: A.byId('kbEdAudience').value,
      language: A.byId('kbEdLanguage').value,
      effectiveFrom: A.byId('kbEdFrom').value,
      effectiveTo: A.byId('kbEdTo').value
    };
  }

  function renderEditor(id) {
    show('kbEditorView');
    A.byId('kbPreviewPanel').hidden = true;
    A.byId('kbEditorBack').setAttribute('href', id ? docUrl(id) : '/admin/kb');
    A.byId('kbEditor').dataset.doc = id || '';
    if (!id) {
      A.byId('kbEditorTitle').textContent = 'New document';
      ['kbEdTitle', 'kbEdOwner', 'kbEdFrom', 'kbEdTo', 'kbEdMarkdown'].forEach(function (f) { A.byId(f).value = ''; });
      A.byId('kbEdAudience').value = 'employee';
      A.byId('kbEdLanguage').value = 'en';
      return Promise.resolve();
    }
    return A.api('GET', DOCS + '/' + encodeURIComponent(id)).then(function (detail) {
      var latest = detail.versions[detail.versions.length - 1];
      return A.api('GET', DOCS + '/' + encodeURIComponent(id) + '/versions/' + latest.version).then(function (content) {
        A.byId('kbEditorTitle').textContent = 'New version of “' + detail.document.title + '” (from v' + latest.version + ')';
        A.byId('kbEdTitle').value = latest.title;
        A.byId('kbEdOwner').value = latest.owner;
        A.byId('kbEdAudience').value = latest.audience;
        A.byId('kbEdLanguage').value = latest.language;
        A.byId('kbEdFrom').value = latest.effectiveFrom || '';
        A.byId('kbEdTo').value = latest.effectiveTo || '';
        A.byId('kbEdMarkdown').value = content.markdown;
      });
    });
  }

  function preview() {
    var fields = editorFields();
    var body = { markdown: A.byId('kbEdMarkdown').value, title: fields.title || null, owner: fields.owner || null,
      audience: fields.audience, language: fields.language, effectiveFrom: fields.effectiveFrom || null, effectiveTo: fields.effectiveTo || null };
    return A.api('POST', '/api/admin/kb/preview', body).then(function (result) {
      A.byId('kbPreviewPanel').hidden = false;
      var errors = A.clear(A.byId('kbPreviewErrors'));
      result.errors.forEach(function (e) { errors.appendChild(A.el('li', { className: 'notice error', text: e })); });
      A.byId('kbPreviewFields').textContent = (result.title || '(no title)') + ' · ' + result.audience + ' · ' + (result.language || '?') +
        ' · owner ' + (result.owner || '?') + ' · effective ' + effective(result.effectiveFrom, result.effectiveTo);
      var passages = A.clear(A.byId('kbPreviewPassages'));
      result.passages.forEach(function (p) {
        passages.appendChild(A.el('li', {}, [
          A.el('div', { className: 'kb-section', text: p.section ? result.title + ' › ' + p.section : result.title }),
          A.el('div', { className: 'kb-quote', text: p.text })
        ]));
      });
      status(result.valid ? 'Preview: ' + result.passages.length + ' passage(s).' : 'The document would be refused: see the preview.', result.valid ? '' : 'error');
    });
  }

  function slug(title) {
    var s = (title || 'document').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    return (s || 'document').slice(0, 60) + '.md';
  }

  function appendFields(form, fields) {
    Object.keys(fields).forEach(function (key) {
      if (fields[key]) {
        form.append(key, fields[key]);
      }
    });
  }

  function saved(result, verb) {
    var id = result.document.document.id;
    var message = result.outcome === 'unchanged'
      ? 'Nothing changed: the content is the same as the latest version.'
      : verb + ' version ' + result.version + ' as a draft (' + result.chunks + ' passage(s)).';
    go(docUrl(id), message);
  }

  function save() {
    var id = A.byId('kbEditor').dataset.doc;
    var fields = editorFields();
    var form = new FormData();
    form.append('file', new Blob([A.byId('kbEdMarkdown').value], { type: 'text/markdown' }), slug(fields.title));
    appendFields(form, fields);
    var button = A.byId('kbSave');
    button.disabled = true;
    return A.api(id ? 'PUT' : 'POST', id ? DOCS + '/' + encodeURIComponent(id) : DOCS, form)
      .then(function (result) { saved(result, 'Saved'); })
      .finally(function () { button.disabled = false; });
  }

  // ---- upload ----

  function renderUpload(id) {
    show('kbUploadView');
    A.byId('kbUploadBack').setAttribute('href', id ? docUrl(id) : '/admin/kb');
    A.byId('kbUploadForm').dataset.doc = id || '';
    A.byId('kbUploadForm').reset();
    A.byId('kbUploadTitle').textContent = id && current.doc && current.doc.document.id === id
      ? 'Upload a new version of “' + current.doc.document.title + '”' : id ? 'Upload a new version' : 'Upload a file';
    return Promise.resolve();
  }

  function upload() {
    var id = A.byId('kbUploadForm').dataset.doc;
    var file = A.byId('kbUpFile').files[0];
    if (!file) {
      status('Choose a file to upload.', 'error');
      return Promise.resolve();
    }
    var form = new FormData();
    form.append('file', file, file.name);
    appendFields(form, {
      title: A.byId('kbUpTitle').value.trim(), owner: A.byId('kbUpOwner').value.trim(), audience: A.byId('kbUpAudience').value,
      language: A.byId('kbUpLanguage').value, effectiveFrom: A.byId('kbUpFrom').value, effectiveTo: A.byId('kbUpTo').value
    });
    var button = A.byId('kbUpload');
    button.disabled = true;
    return A.api(id ? 'PUT' : 'POST', id ? DOCS + '/' + encodeURIComponent(id) : DOCS, form)
      .then(function (result) { saved(result, 'Uploaded'); })
      .finally(function () { button.disabled = false; });
  }

  // ---- wiring ----

  function render() {
    status('', '');
    var p = params();
    var work = p.doc && p.edit ? renderEditor(p.doc)
      : p.doc && p.upload ? renderUpload(p.doc)
      : p.doc ? renderDocument(p.doc)
      : p.create ? renderEditor(null)
      : p.upload ? renderUpload(null)
      : renderList();
    return work.then(function () {
      document.body.dataset.kbView = views.filter(function (v) { return !A.byId(v).hidden; })[0] || '';
    }).catch(fail);
  }

  A.byId('kbFilters').addEventListener('submit', function (event) {
    event.preventDefault();
    renderList().catch(fail);
  });
  A.byId('kbNew').addEventListener('click', function () { go('/admin/kb?new=1'); });
  A.byId('kbUploadNew').addEventListener('click', function () { go('/admin/kb?upload=1'); });
  A.byId('kbEdit').addEventListener('click', function () { go(docUrl(current.doc.document.id, '&edit=1')); });
  A.byId('kbUploadVersion').addEventListener('click', function () { go(docUrl(current.doc.document.id, '&upload=1')); });
  ['kbBack', 'kbEditorBack', 'kbUploadBack'].forEach(function (id) {
    A.byId(id).addEventListener('click', function (event) {
      event.preventDefault();
      go(A.byId(id).getAttribute('href'));
    });
  });
  A.byId('kbDiffForm').addEventListener('submit', function (event) {
    event.preventDefault();
    var id = current.doc.document.id;
    A.api('GET', DOCS + '/' + encodeURIComponent(id) + '/diff' + A.query({ from: A.byId('kbDiffFrom').value, to: A.byId('kbDiffTo').value }))
      .then(renderDiff).catch(fail);
  });
  A.byId('kbPreview').addEventListener('click', function () { preview().catch(fail); });
  A.byId('kbEditor').addEventListener('submit', function (event) {
    event.preventDefault();
    save().catch(fail);
  });
  A.byId('kbUploadForm').addEventListener('submit', function (event) {
    event.preventDefault();
    upload().catch(fail);
  });
  window.addEventListener('popstate', function () { render(); });

  A.api('GET', '/api/admin/kb/publishing').then(function (r) {
    rules = r;
    A.byId('kbRules').textContent = 'Publishing: ' + (r.requireReview ? 'review required before publishing' : 'drafts may be published directly') +
      (r.twoPersonRule ? ' · two-person rule: the author cannot publish their own version' : '') + '.';
  }).catch(fail).then(render);
})();
