// The unanswered-question inbox: GET /api/admin/inbox (groups of similar questions) with filters, and the actions on a
// group — add its questions to an intent, draft a knowledge article, dismiss — plus the added examples and retraining
// (POST /api/admin/inbox/retrain, then polling its job until the decision). Every value is shown as text.
(function () {
  'use strict';
  var A = window.Admin;
  var BASE = '/api/admin/inbox';
  var REASONS = {
    out_of_scope: 'out of scope', fallback: 'fallback', low_confidence: 'low confidence',
    negative_feedback: 'negative feedback', handoff: 'handoff'
  };
  var intents = [];
  var polling = null;

  function filters() {
    return {
      reason: A.byId('inboxReason').value,
      language: A.byId('inboxLanguage').value,
      channel: A.byId('inboxChannel').value.trim(),
      from: A.byId('inboxFrom').value,
      to: A.byId('inboxTo').value
    };
  }

  function percent(value) {
    return value === null || value === undefined ? '' : ' (' + Math.round(value * 100) + ' %)';
  }

  function groupCard(group) {
    var status = A.el('div', { className: 'notice', attrs: { role: 'status' } });
    status.hidden = true;
    var picker = A.el('select', { className: 'intent-picker', attrs: { 'aria-label': 'Intent' } },
      [A.el('option', { text: 'Add to intent…', attrs: { value: '' } })].concat(intents.map(function (intent) {
        return A.el('option', { text: intent, attrs: { value: intent, selected: intent === group.topIntent } });
      })));
    var checks = [];
    var examples = A.el('ul', { className: 'inbox-examples' }, group.examples.map(function (example) {
      var box = A.el('input', { attrs: { type: 'checkbox', checked: true, 'aria-label': 'Use this question' }, data: { id: example.id } });
      checks.push(box);
      return A.el('li', {}, [
        A.el('label', { className: 'inbox-example' }, [box, ' ', A.el('span', { className: 'inbox-text', text: example.text })]),
        A.el('span', { className: 'muted', text: ' ' + (REASONS[example.reason] || example.reason) + ' · ' + example.language + ' · ' +
          example.channel + (example.intent ? ' · ' + example.intent + percent(example.confidence) : '') + ' · ' + A.formatTime(example.atUtc) })
      ]);
    }));

    // Examples shown are a few distinct questions; the actions take every item of the group unless some are unticked.
    function chosenIds() {
      var unticked = checks.filter(function (c) { return !c.checked; }).map(function (c) { return Number(c.dataset.id); });
      return group.itemIds.filter(function (id) { return unticked.indexOf(id) < 0; });
    }

    function act(button, call, done) {
      button.disabled = true;
      A.say(status, 'Working…', '');
      call().then(function (result) {
        done(result);
      }).catch(function (error) {
        A.say(status, error.message, 'error');
        button.disabled = false;
      });
    }

    var addButton = A.el('button', { text: 'Add examples', attrs: { type: 'button' }, className: 'inbox-add' });
    addButton.addEventListener('click', function () {
      if (!picker.value) {
        A.say(status, 'Choose the intent these questions belong to.', 'error');
        return;
      }
      act(addButton, function () {
        return A.api('POST', BASE + '/examples', { intent: picker.value, itemIds: chosenIds() });
      }, function (result) {
        A.say(status, result.added.length + ' example(s) added to ' + result.intent + '; ' + result.pending + ' waiting for retraining.', 'ok');
        loadExamples();
        setTimeout(load, 1200);
      });
    });
    var draftButton = A.el('button', { text: 'Draft article', attrs: { type: 'button' }, className: 'inbox-draft' });
    draftButton.addEventListener('click', function () {
      act(draftButton, function () {
        return A.api('POST', BASE + '/drafts', { itemIds: chosenIds() });
      }, function (result) {
        A.clear(status);
        status.className = 'notice ok';
        status.hidden = false;
        status.appendChild(document.createTextNode('Draft created: '));
        status.appendChild(A.el('a', { text: result.title, attrs: { href: result.url }, className: 'inbox-draft-link' }));
      });
    });
    var dismissButton = A.el('button', { text: 'Dismiss', attrs: { type: 'button' }, className: 'danger inbox-dismiss' });
    dismissButton.addEventListener('click', function () {
      act(dismissButton, function () {
        return A.api('POST', BASE + '/dismiss', { itemIds: chosenIds() });
      }, function (result) {
        A.say(status, result.dismissed + ' question(s) dismissed.', 'ok');
        setTimeout(load, 800);
      });
    });

    var reasons = group.reasons.map(function (r) { return (REASONS[r.reason] || r.reason) + ' ' + r.count; }).join(' · ');
    return A.el('article', { className: 'panel inbox-group', data: { group: group.id } }, [
      A.el('header', { className: 'inbox-group-head' }, [
        A.el('span', { className: 'inbox-count', text: String(group.count) }),
        A.el('span', { className: 'muted', text: reasons }),
        A.el('span', { className: 'badge', text: group.languages.join(', ') }),
        A.el('span', { className: 'muted', text: group.channels.join(', ') }),
        A.el('span', { className: 'muted', text: 'first ' + A.formatTime(group.firstSeenUtc) + ' · last ' + A.formatTime(group.lastSeenUtc) })
      ]),
      examples,
      group.count > group.examples.length
        ? A.el('p', { className: 'muted', text: (group.count - group.examples.length) + ' more like these.' }) : null,
      A.el('div', { className: 'toolbar inbox-actions' }, [picker, addButton, draftButton, dismissButton]),
      status
    ]);
  }

  function load() {
    var status = A.byId('inboxStatus');
    A.say(status, 'Loading…', '');
    return A.api('GET', BASE + A.query(filters())).then(function (view) {
      intents = view.intents;
      var list = A.clear(A.byId('inboxGroups'));
      view.groups.forEach(function (group) { list.appendChild(groupCard(group)); });
      A.say(status, view.items === 0 ? 'Nothing in the inbox.'
        : view.items + ' question(s) in ' + view.groups.length + ' group(s)' + (view.truncated ? ' (the newest only)' : '') + '.', '');
    }).catch(function (error) {
      A.say(status, error.message, 'error');
    });
  }

  function loadExamples() {
    return A.api('GET', BASE + '/examples').then(function (examples) {
      var body = A.clear(document.querySelector('#examplesTable tbody'));
      if (examples.length === 0) {
        body.appendChild(A.el('tr', {}, [A.el('td', { text: 'No examples added yet.', className: 'muted', attrs: { colspan: 6 } })]));
      }
      examples.forEach(function (example) {
        var remove = null;
        if (!example.promotedUtc) {
          remove = A.el('button', { text: 'Remove', attrs: { type: 'button' } });
          remove.addEventListener('click', function () {
            remove.disabled = true;
            A.api('DELETE', BASE + '/examples/' + example.id).then(loadExamples).catch(function (error) {
              A.say(A.byId('retrainStatus'), error.message, 'error');
              remove.disabled = false;
            });
          });
        }
        body.appendChild(A.el('tr', { data: { id: example.id } }, [
          A.el('td', { text: example.intent }),
          A.el('td', { text: example.language }),
          A.el('td', { text: example.text }),
          A.el('td', { text: example.addedBy }),
          A.el('td', { text: example.promotedUtc ? 'live since ' + A.formatTime(example.promotedUtc) : 'waiting' }),
          A.el('td', {}, [remove])
        ]));
      });
    }).catch(function (error) {
      A.say(A.byId('retrainStatus'), error.message, 'error');
    });
  }

  function row(label, current, candidate, format) {
    return A.el('tr', {}, [
      A.el('th', { text: label, attrs: { scope: 'row' } }),
      A.el('td', { className: 'num', text: format(current) }),
      A.el('td', { className: 'num', text: format(candidate) })
    ]);
  }

  function showJob(job) {
    var status = A.byId('retrainStatus');
    var button = A.byId('retrainStart');
    if (job.status === 'running') {
      A.say(status, 'Training a candidate model (started ' + A.formatTime(job.startedUtc) + ' by ' + job.startedBy + ', ' +
        job.addedExamples + ' new example(s)). This takes a minute or two…', '');
      button.disabled = true;
      return;
    }
    button.disabled = false;
    A.say(status, job.status === 'promoted' ? 'The candidate is live.' : job.status === 'kept' ? 'The model in use was kept.' : 'Retraining failed.',
      job.status === 'promoted' ? 'ok' : 'error');
    var result = A.byId('retrainResult');
    result.hidden = false;
    var body = A.clear(document.querySelector('#retrainCompare tbody'));
    if (job.current && job.candidate) {
      body.appendChild(row('In-scope accuracy', job.current.inScopeAccuracy, job.candidate.inScopeAccuracy, A.formatPercent));
      body.appendChild(row('Out-of-scope recall', job.current.oosRecall, job.candidate.oosRecall, A.formatPercent));
      body.appendChild(row('Accuracy', job.current.accuracy, job.candidate.accuracy, A.formatPercent));
      body.appendChild(row('Ambiguous (bot asks back)', job.current.ambiguous, job.candidate.ambiguous, String));
      body.appendChild(row('Utterances evaluated', job.current.total, job.candidate.total, String));
      (job.current.languages || []).forEach(function (language, i) {
        var other = (job.candidate.languages || [])[i];
        if (other) {
          body.appendChild(row('In-scope accuracy (' + language.language + ')', language.inScopeAccuracy, other.inScopeAccuracy, A.formatPercent));
        }
      });
    }
    A.byId('retrainDecision').textContent = job.reason || '';
    loadExamples();
  }

  function poll(id) {
    clearTimeout(polling);
    A.api('GET', BASE + '/retrain/' + encodeURIComponent(id)).then(function (job) {
      showJob(job);
      if (job.status === 'running') {
        polling = setTimeout(function () { poll(id); }, 2000);
      }
    }).catch(function (error) {
      A.say(A.byId('retrainStatus'), error.message, 'error');
      A.byId('retrainStart').disabled = false;
    });
  }

  A.byId('retrainStart').addEventListener('click', function () {
    var button = A.byId('retrainStart');
    button.disabled = true;
    A.api('POST', BASE + '/retrain').then(function (job) {
      showJob(job);
      poll(job.id);
    }).catch(function (error) {
      A.say(A.byId('retrainStatus'), error.message, 'error');
      button.disabled = false;
    });
  });

  A.byId('inboxFilters').addEventListener('submit', function (event) {
    event.preventDefault();
    load();
  });

  load();
  loadExamples();
  // A run started earlier (or by another admin) is picked up where it is.
  A.api('GET', BASE + '/retrain').then(function (jobs) {
    if (jobs.length > 0) {
      showJob(jobs[0]);
      if (jobs[0].status === 'running') {
        poll(jobs[0].id);
      }
    }
  }).catch(function () { /* the examples table shows the error if the API is down */ });
})();
