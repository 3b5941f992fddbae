// The agent console: the live queue of the queues this agent serves, their own conversations, and the selected
// conversation's context package and chat, all over the SignalR hub at /agent/hub (which checks the agent's role and
// queues on every call).
//
// Everything the hub sends is data typed by customers or agents: it is put on the page with textContent only, never
// as markup, so "<script>" or "<img onerror>" from a customer is shown as the characters it is.
(function () {
  'use strict';

  var QUEUES = ['Orders', 'IT', 'HR', 'Finance', 'General'];
  var REASONS = {
    UserAsked: 'Asked for a person',
    RepeatedFallback: 'Bot did not understand',
    LowConfidence: 'Bot was unsure',
    Frustration: 'Sounded frustrated',
    SkillRequest: 'Needs a person (skill)'
  };
  var LANGUAGES = { en: 'English', id: 'Bahasa Indonesia' };
  var SPEAKERS = { user: 'Customer', bot: 'Bot', agent: 'Agent' };
  var LOGIN = '/agent/login?ReturnUrl=%2Fagent';

  var state = {
    snapshot: null,
    fetchedAt: 0,
    selectedId: null,
    context: null,
    closed: false,
    loadingId: null,
    pending: [],
    unread: {},
    refreshTimer: 0
  };

  var connection = new signalR.HubConnectionBuilder()
    .withUrl('/agent/hub')
    .withAutomaticReconnect({
      // Never give up while the page is open; a network blip or a host restart must not need a reload.
      nextRetryDelayInMilliseconds: function (context) {
        if (context.previousRetryCount === 4) {
          checkSession();
        }
        return [0, 1000, 2000, 5000][context.previousRetryCount] || 10000;
      }
    })
    .build();

  // ---- small DOM helpers (text only) ----

  function byId(id) {
    return document.getElementById(id);
  }

  // el('li', { className: 'x', text: 'y', data: { caseId: 3 }, attrs: { type: 'button' } }, [children])
  function el(tag, options, children) {
    var node = document.createElement(tag);
    options = options || {};
    if (options.className) {
      node.className = options.className;
    }
    if (options.text !== undefined && options.text !== null) {
      node.textContent = String(options.text);
    }
    Object.keys(options.data || {}).forEach(function (key) {
      node.dataset[key] = String(options.data[key]);
    });
    Object.keys(options.attrs || {}).forEach(function (key) {
      node.setAttribute(key, String(options.attrs[key]));
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) {
        node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  // The host stores UTC without a zone suffix; read it as UTC, not local time.
  function parseUtc(value) {
    if (!value) {
      return null;
    }
    var text = String(value);
    return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : text + 'Z');
  }

  function clock(value) {
    var date = parseUtc(value);
    return date ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
  }

  function duration(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    if (seconds < 60) {
      return seconds + ' s';
    }
    if (seconds < 3600) {
      return Math.floor(seconds / 60) + ' min';
    }
    return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
  }

  function language(code) {
    return LANGUAGES[code] || code || '?';
  }

  // A refused hub call arrives as "An unexpected error occurred invoking 'X' on the server. HubException: <why>".
  function reason(error) {
    var message = (error && error.message) || String(error);
    var marker = message.indexOf('HubException: ');
    return marker >= 0 ? message.slice(marker + 'HubException: '.length) : message;
  }

  function notify(message, kind, caseId) {
    var box = byId('notice');
    box.textContent = message;
    box.dataset.kind = kind || 'error';
    box.dataset.caseId = caseId === undefined ? '' : String(caseId);
    box.hidden = false;
  }

  function clearNotice() {
    var box = byId('notice');
    box.hidden = true;
    box.textContent = '';
  }

  function setConnection(stateName, label) {
    var badge = byId('connection');
    badge.dataset.state = stateName;
    badge.textContent = label;
    document.body.dataset.connection = stateName;
  }

  // ---- the queue ----

  function scheduleRefresh() {
    clearTimeout(state.refreshTimer);
    state.refreshTimer = setTimeout(refreshQueue, 150);
  }

  async function refreshQueue() {
    if (connection.state !== signalR.HubConnectionState.Connected) {
      return;
    }
    try {
      state.snapshot = await connection.invoke('GetQueue');
      state.fetchedAt = Date.now();
      renderQueue();
    } catch (error) {
      notify('Could not load the queue: ' + reason(error));
    }
  }

  function renderQueue() {
    var snapshot = state.snapshot;
    if (!snapshot) {
      return;
    }

    var rows = byId('queues').tBodies[0];
    clear(rows);
    snapshot.queues.forEach(function (queue) {
      rows.appendChild(el('tr', { data: { queue: queue.queue, waiting: queue.waiting, agents: queue.agentsOnline, open: queue.open } }, [
        el('th', { text: queue.queue, attrs: { scope: 'row' } }),
        el('td', { text: queue.waiting }),
        el('td', { text: queue.agentsOnline }),
        el('td', { className: queue.open ? 'open' : 'closed', text: queue.open ? 'Open' : 'Closed' })
      ]));
    });

    var waiting = byId('waiting');
    clear(waiting);
    snapshot.waiting.forEach(function (item) {
      waiting.appendChild(caseItem(item, true));
    });
    byId('waiting-count').textContent = String(snapshot.waiting.length);
    byId('waiting-empty').hidden = snapshot.waiting.length > 0;

    var mine = byId('mine');
    clear(mine);
    snapshot.mine.forEach(function (item) {
      mine.appendChild(caseItem(item, false));
    });
    byId('mine-count').textContent = String(snapshot.mine.length);
    byId('mine-empty').hidden = snapshot.mine.length > 0;

    var callbacks = byId('callbacks');
    clear(callbacks);
    snapshot.callbacks.forEach(function (callback) {
      callbacks.appendChild(el('li', { data: { callbackId: callback.id, queue: callback.queue } }, [
        el('div', { className: 'case-line' }, [
          el('strong', { text: callback.reference }),
          el('span', { className: 'tag', text: callback.queue }),
          el('span', { className: 'muted', text: parseUtc(callback.createdUtc).toLocaleString() })
        ]),
        el('div', { className: 'case-line' }, [
          el('span', { text: callback.user }),
          el('span', { className: 'muted', text: language(callback.language) }),
          callback.contact ? el('span', { className: 'contact', text: callback.contact }) : null
        ]),
        el('p', { className: 'details', text: callback.details })
      ]));
    });
    byId('callbacks-count').textContent = String(snapshot.callbacks.length);
    byId('callbacks-empty').hidden = snapshot.callbacks.length > 0;

    tickWaitingTimes();
    updateCaseControls();
  }

  function caseItem(item, isWaiting) {
    var selected = item.id === state.selectedId;
    var details = [
      el('div', { className: 'case-line' }, [
        isWaiting ? el('span', { className: 'position', text: '#' + item.position, attrs: { title: 'Position in the ' + item.queue + ' queue' } }) : null,
        el('strong', { className: 'user', text: item.user }),
        el('span', { className: 'tag', text: item.queue }),
        item.priority > 0 ? el('span', { className: 'tag priority', text: 'Priority ' + item.priority }) : null
      ]),
      el('div', { className: 'case-line muted' }, [
        el('span', { className: 'language', text: language(item.language) }),
        el('span', { className: 'reason', text: REASONS[item.reason] || item.reason }),
        isWaiting
          ? el('span', { className: 'waited', data: { waitingSeconds: item.waitingSeconds }, attrs: { title: 'Waiting time' } })
          : null
      ])
    ];
    var open = el('button', { className: 'case-open', attrs: { type: 'button' }, data: { action: 'open' } }, details);
    var children = [open];
    if (isWaiting) {
      children.push(el('button', { className: 'accept primary', text: 'Accept', attrs: { type: 'button' }, data: { action: 'accept' } }));
    }
    children.push(el('p', { className: 'case-message', attrs: { role: 'status' } }));
    var li = el('li', {
      className: 'case-item',
      data: { caseId: item.id, queue: item.queue, status: item.status, position: item.position, unread: !!state.unread[item.id] }
    }, children);
    if (selected) {
      li.setAttribute('aria-current', 'true');
    }
    return li;
  }

  function tickWaitingTimes() {
    var elapsed = (Date.now() - state.fetchedAt) / 1000;
    document.querySelectorAll('#waiting .waited').forEach(function (span) {
      span.textContent = 'waiting ' + duration(Number(span.dataset.waitingSeconds) + elapsed);
    });
  }

  function onListClick(event) {
    var button = event.target.closest('button[data-action]');
    var item = event.target.closest('li[data-case-id]');
    if (!button || !item) {
      return;
    }
    var caseId = Number(item.dataset.caseId);
    if (button.dataset.action === 'accept') {
      accept(caseId, item);
    } else {
      openCase(caseId);
    }
  }

  async function accept(caseId, item) {
    clearNotice();
    var buttons = document.querySelectorAll('li[data-case-id="' + caseId + '"] button.accept, #case-accept');
    buttons.forEach(function (b) { b.disabled = true; });
    var outcome;
    try {
      outcome = await connection.invoke('Accept', caseId);
    } catch (error) {
      buttons.forEach(function (b) { b.disabled = false; });
      notify('Could not accept conversation #' + caseId + ': ' + reason(error));
      return;
    }

    if (outcome === 'accepted') {
      await refreshQueue();
      await openCase(caseId);
      return;
    }

    var message = {
      taken: 'Taken by someone else.',
      notYourQueue: 'This conversation is in a queue you do not serve.',
      notFound: 'This conversation is no longer waiting.'
    }[outcome] || ('Not accepted: ' + outcome);
    if (item) {
      item.dataset.outcome = outcome;
      item.querySelector('.case-message').textContent = message;
    }
    notify('Conversation #' + caseId + ': ' + message, outcome, caseId);
    await refreshQueue();
    if (state.selectedId === caseId) {
      await openCase(caseId);
    }
  }

  // ---- the selected conversation ----

  function isMine(caseId) {
    return !!(state.snapshot && state.snapshot.mine.some(function (item) { return item.id === caseId; }));
  }

  async function openCase(caseId) {
    state.loadingId = caseId;
    state.pending = [];
    if (state.selectedId !== caseId) {
      state.selectedId = caseId;
      state.closed = false;
    }
    delete state.unread[caseId];
    markSelected();
    var context;
    try {
      context = await connection.invoke('GetCase', caseId);
    } catch (error) {
      if (state.loadingId === caseId) {
        state.loadingId = null;
        notify('Could not open conversation #' + caseId + ': ' + reason(error));
      }
      return;
    }
    if (state.selectedId !== caseId) {
      return; // another conversation was selected meanwhile
    }
    state.loadingId = null;
    state.context = context;
    state.closed = context.case.status === 'Resolved' || context.case.status === 'Cancelled';
    renderCase(context);
    // Messages that arrived while the context loaded and are not in it yet.
    var tail = context.transcript.slice(-state.pending.length - 5);
    state.pending.forEach(function (line) {
      var known = tail.some(function (t) { return t.direction === line.direction && t.text === line.text; });
      if (!known) {
        appendLine(line);
      }
    });
    state.pending = [];
  }

  function markSelected() {
    document.querySelectorAll('li[data-case-id]').forEach(function (li) {
      if (Number(li.dataset.caseId) === state.selectedId) {
        li.setAttribute('aria-current', 'true');
      } else {
        li.removeAttribute('aria-current');
      }
    });
  }

  function renderCase(context) {
    var item = context.case;
    var panel = byId('case');
    panel.hidden = false;
    byId('no-case').hidden = true;
    panel.dataset.caseId = String(item.id);
    panel.dataset.status = item.status;
    panel.dataset.queue = item.queue;

    byId('case-title').textContent = item.user + ' — ' + item.queue;
    byId('case-summary').textContent = 'Case #' + item.id + ' · ' + item.status + ' · ' + item.channelId + ' · ' + language(item.language) +
      (item.agent ? ' · with ' + item.agent : '');

    fields(byId('profile'), context.profile.map(function (field) { return [field.label, field.value]; }));
    fields(byId('request'), [
      ['Language', language(item.language)],
      ['Reason', REASONS[item.reason] || item.reason],
      ['Detail', context.detail || '—'],
      ['Last skill', context.lastSkill || '—'],
      ['Priority', String(item.priority)],
      ['Waiting', item.status === 'Queued' ? '#' + item.position + ' in ' + item.queue + ', ' + duration(item.waitingSeconds) : '—']
    ]);

    list(byId('intents'), context.intents, 'No intents recognised.', function (intent) {
      return el('li', { data: { intent: intent.intent } }, [
        el('span', { className: 'intent', text: intent.intent }),
        el('span', { className: 'confidence', text: Math.round(intent.confidence * 100) + '%' }),
        el('span', { className: 'muted', text: clock(intent.atUtc) })
      ]);
    });
    list(byId('slots'), context.slots, 'No filled slots.', function (slot) {
      return el('li', { data: { slot: slot.name } }, [
        el('span', { className: 'muted', text: slot.form + ' · ' }),
        el('span', { className: 'slot-name', text: slot.name + ': ' }),
        el('span', { className: 'slot-value', text: slot.value })
      ]);
    });
    list(byId('articles'), context.citedArticles, 'No articles cited.', function (article) {
      return el('li', { text: article });
    });
    list(byId('notes'), context.notes, null, noteItem);

    var transcript = byId('transcript');
    clear(transcript);
    context.transcript.forEach(appendLine);

    var select = byId('transfer-queue');
    clear(select);
    QUEUES.filter(function (queue) { return queue !== item.queue; }).forEach(function (queue) {
      select.appendChild(el('option', { text: queue, attrs: { value: queue } }));
    });

    updateCaseControls();
  }

  function fields(dl, pairs) {
    clear(dl);
    pairs.forEach(function (pair) {
      dl.appendChild(el('dt', { text: pair[0] }));
      dl.appendChild(el('dd', { text: pair[1] }));
    });
  }

  function list(ul, items, emptyText, render) {
    clear(ul);
    items.forEach(function (item) {
      ul.appendChild(render(item));
    });
    if (items.length === 0 && emptyText) {
      ul.appendChild(el('li', { className: 'empty', text: emptyText }));
    }
  }

  function noteItem(note) {
    return el('li', { className: 'note' }, [
      el('div', { className: 'case-line muted' }, [el('span', { text: note.agent }), el('span', { text: clock(note.atUtc) })]),
      el('p', { className: 'text', text: note.text })
    ]);
  }

  function appendLine(line) {
    var transcript = byId('transcript');
    transcript.appendChild(el('li', { className: 'line ' + line.direction, data: { direction: line.direction } }, [
      el('div', { className: 'case-line muted' }, [
        el('span', { className: 'who', text: SPEAKERS[line.direction] || line.direction }),
        el('span', { className: 'time', text: clock(line.atUtc) })
      ]),
      el('p', { className: 'text', text: line.text })
    ]));
    transcript.scrollTop = transcript.scrollHeight;
  }

  function updateCaseControls() {
    var caseId = state.selectedId;
    if (caseId === null || !state.context) {
      return;
    }
    var connected = connection.state === signalR.HubConnectionState.Connected;
    var mine = isMine(caseId) && !state.closed;
    var queued = !state.closed && state.context.case.status === 'Queued' && !isMine(caseId);
    byId('case').dataset.mine = String(mine);
    ['chat-input', 'chat-send', 'transfer-queue', 'transfer', 'resolve'].forEach(function (id) {
      byId(id).disabled = !mine || !connected;
    });
    ['note-input', 'note-add'].forEach(function (id) {
      byId(id).disabled = !connected;
    });
    byId('case-accept').hidden = !queued;
    byId('case-accept').disabled = !connected;

    var status = byId('case-state');
    if (state.closed) {
      status.textContent = 'This conversation is closed; the bot has it again.';
      status.dataset.state = 'closed';
    } else if (mine) {
      status.textContent = 'You are handling this conversation. The bot is silent until you resolve it.';
      status.dataset.state = 'mine';
    } else if (queued) {
      status.textContent = 'Waiting in the ' + state.context.case.queue + ' queue. Accept it to reply.';
      status.dataset.state = 'queued';
    } else {
      status.textContent = 'Another agent has this conversation.';
      status.dataset.state = 'other';
    }
  }

  async function sendMessage(event) {
    event.preventDefault();
    var input = byId('chat-input');
    var text = input.value.trim();
    var caseId = state.selectedId;
    if (!text || caseId === null || byId('chat-send').disabled) {
      return;
    }
    byId('chat-send').disabled = true;
    try {
      await connection.invoke('Send', caseId, text);
      input.value = '';
      if (state.selectedId === caseId) {
        appendLine({ direction: 'agent', text: text, atUtc: new Date().toISOString() });
      }
    } catch (error) {
      notify('Message not sent: ' + reason(error));
    } finally {
      updateCaseControls();
      input.focus();
    }
  }

  async function addNote(event) {
    event.preventDefault();
    var input = byId('note-input');
    var text = input.value.trim();
    var caseId = state.selectedId;
    if (!text || caseId === null) {
      return;
    }
    byId('note-add').disabled = true;
    try {
      var note = await connection.invoke('AddNote', caseId, text);
      input.value = '';
      if (state.selectedId === caseId) {
        var notes = byId('notes');
        notes.appendChild(noteItem(note));
      }
    } catch (error) {
      notify('Note not saved: ' + reason(error));
    } finally {
      updateCaseControls();
    }
  }

  async function transfer() {
    var caseId = state.selectedId;
    var queue = byId('transfer-queue').value;
    if (caseId === null || !queue) {
      return;
    }
    byId('transfer').disabled = true;
    try {
      await connection.invoke('Transfer', caseId, queue);
      notify('Conversation #' + caseId + ' was transferred to ' + queue + '.', 'info', caseId);
      await refreshQueue();
      await openCase(caseId);
    } catch (error) {
      notify('Not transferred: ' + reason(error));
      updateCaseControls();
    }
  }

  async function resolve() {
    var caseId = state.selectedId;
    if (caseId === null) {
      return;
    }
    byId('resolve').disabled = true;
    try {
      await connection.invoke('Resolve', caseId);
      if (state.selectedId === caseId) {
        state.closed = true;
      }
      notify('Conversation #' + caseId + ' resolved; the customer is asked to rate the help.', 'info', caseId);
      await refreshQueue();
    } catch (error) {
      notify('Not resolved: ' + reason(error));
      updateCaseControls();
    }
  }

  // ---- hub events ----

  connection.on('queueChanged', function () {
    scheduleRefresh();
  });

  connection.on('userMessage', function (caseId, line) {
    if (caseId === state.selectedId) {
      if (state.loadingId === caseId) {
        state.pending.push(line);
      } else {
        appendLine(line);
      }
      return;
    }
    state.unread[caseId] = true;
    var item = document.querySelector('#mine li[data-case-id="' + caseId + '"]');
    if (item) {
      item.dataset.unread = 'true';
    }
  });

  connection.on('caseClosed', function (caseId) {
    delete state.unread[caseId];
    if (caseId === state.selectedId) {
      state.closed = true;
      updateCaseControls();
      openCase(caseId);
    }
    scheduleRefresh();
  });

  connection.onreconnecting(function () {
    setConnection('reconnecting', 'Reconnecting…');
    updateCaseControls();
  });

  connection.onreconnected(function () {
    setConnection('connected', 'Connected');
    return resubscribe();
  });

  // A new connection is in no conversation's group: GetCase subscribes it again, for the open conversation (re-read in
  // full, so nothing said while the connection was down is missing) and for the agent's other conversations (so their
  // new messages still mark them unread).
  async function resubscribe() {
    await refreshQueue();
    var others = state.snapshot ? state.snapshot.mine.filter(function (item) { return item.id !== state.selectedId; }) : [];
    await Promise.all(others.map(function (item) {
      return connection.invoke('GetCase', item.id).catch(function () { /* closed meanwhile: the queue refresh shows it */ });
    }));
    if (state.selectedId !== null) {
      await openCase(state.selectedId);
    }
  }

  connection.onclose(function () {
    setConnection('disconnected', 'Disconnected — retrying…');
    updateCaseControls();
    setTimeout(start, 5000);
  });

  // A long outage may also mean the sign-in expired: then the way back is the sign-in page.
  async function checkSession() {
    try {
      var response = await fetch('/agent/hub/negotiate?negotiateVersion=1', { method: 'POST', credentials: 'same-origin' });
      if (response.status === 401 || response.status === 403) {
        location.href = LOGIN;
      }
    } catch (error) {
      // The host is unreachable: keep retrying.
    }
  }

  async function start() {
    if (connection.state !== signalR.HubConnectionState.Disconnected) {
      return;
    }
    setConnection('connecting', 'Connecting…');
    try {
      await connection.start();
    } catch (error) {
      if (error && (error.statusCode === 401 || error.statusCode === 403)) {
        location.href = LOGIN;
        return;
      }
      setConnection('disconnected', 'Disconnected — retrying…');
      setTimeout(start, 5000);
      return;
    }
    setConnection('connected', 'Connected');
    await resubscribe();
  }

  // ---- wiring ----

  byId('waiting').addEventListener('click', onListClick);
  byId('mine').addEventListener('click', onListClick);
  byId('chat-form').addEventListener('submit', sendMessage);
  byId('chat-input').addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      byId('chat-form').requestSubmit();
    }
  });
  byId('note-form').addEventListener('submit', addNote);
  byId('transfer').addEventListener('click', transfer);
  byId('resolve').addEventListener('click', resolve);
  byId('case-accept').addEventListener('click', function () {
    if (state.selectedId !== null) {
      accept(state.selectedId, document.querySelector('#waiting li[data-case-id="' + state.selectedId + '"]'));
    }
  });
  byId('notice').addEventListener('click', clearNotice);

  setInterval(tickWaitingTimes, 5000);
  // A safety net for a missed queueChanged (e.g. while reconnecting): the queue is small and cheap to read.
  setInterval(scheduleRefresh, 60000);

  start();
})();
