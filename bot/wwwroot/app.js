// Demo page for HelpdeskBot: gets a Direct Line token from the host (/demo/token, so the Direct Line secret never
// reaches the browser) and renders the official Web Chat against the bot's own Direct Line endpoint.
(function () {
  'use strict';

  var LOCALES = ['en-US', 'id-ID'];
  // Who the demo signs in as: the host's /demo/token vouches for it, as a real site's back end would for its user.
  var USERS = ['customer', 'employee', 'guest'];

  var TEXT = {
    'en-US': {
      hintTitle: 'Try asking',
      hintExample: '“where is my order ORD-100123”',
      hintIds: 'Order ids to try:',
      hintNote: 'Switching the language or the user starts a new conversation.',
      hintOutbox: 'Demo outbox: codes and e-mails the bot "sent"',
      hintAgent: 'Agent console: answer "talk to a person" yourself',
      asCustomer: 'Budi (customer)',
      asEmployee: 'Rina (employee)',
      asGuest: 'Guest',
      tokenFailed: 'Sorry, the chat could not be started: the support service did not answer ({0}). Please try again in a moment.',
      scriptMissing: 'Sorry, the chat component could not be loaded. Please reload the page.',
      connectionFailed: 'Sorry, the connection to the support service was lost. Please try again.',
      retry: 'Try again'
    },
    'id-ID': {
      hintTitle: 'Coba tanyakan',
      hintExample: '“pesanan saya ORD-100123 sudah sampai mana?”',
      hintIds: 'Nomor pesanan untuk dicoba:',
      hintNote: 'Mengganti bahasa atau pengguna akan memulai percakapan baru.',
      hintOutbox: 'Kotak keluar demo: kode dan e-mail yang "dikirim" bot',
      hintAgent: 'Konsol petugas: jawab sendiri "bicara dengan petugas"',
      asCustomer: 'Budi (pelanggan)',
      asEmployee: 'Rina (karyawan)',
      asGuest: 'Tamu',
      tokenFailed: 'Maaf, obrolan tidak dapat dimulai: layanan bantuan tidak menjawab ({0}). Silakan coba lagi sebentar lagi.',
      scriptMissing: 'Maaf, komponen obrolan tidak dapat dimuat. Silakan muat ulang halaman.',
      connectionFailed: 'Maaf, koneksi ke layanan bantuan terputus. Silakan coba lagi.',
      retry: 'Coba lagi'
    }
  };

  // DirectLineJS ConnectionStatus values.
  var CONNECTION_FAILED = 4;
  var CONNECTION_STATUS = ['uninitialized', 'connecting', 'online', 'expiredToken', 'failedToConnect', 'ended'];

  var panel = document.querySelector('.chat-panel');
  var errorBox = document.getElementById('chat-error');
  var current = null; // { directLine, subscription }
  var generation = 0;
  var locale = initialLocale();
  var signedInAs = initialUser();

  function initialUser() {
    var requested = new URLSearchParams(location.search).get('as');
    return USERS.indexOf(requested) >= 0 ? requested : 'customer';
  }

  function initialLocale() {
    var requested = new URLSearchParams(location.search).get('locale');
    if (LOCALES.indexOf(requested) >= 0) {
      return requested;
    }
    return /^id\b/i.test(navigator.language || '') ? 'id-ID' : 'en-US';
  }

  function format(template, value) {
    return template.replace('{0}', value);
  }

  function applyPageLanguage() {
    var text = TEXT[locale];
    document.documentElement.lang = locale.slice(0, 2);
    document.querySelectorAll('[data-text]').forEach(function (element) {
      setTextKeepingOrderIdsWhole(element, text[element.getAttribute('data-text')]);
    });
    document.querySelectorAll('.language-switch button[data-locale]').forEach(function (button) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-locale') === locale));
    });
    document.querySelectorAll('.user-switch button').forEach(function (button) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-as') === signedInAs));
    });
  }

  // Browsers may break a line after the hyphen of "ORD-100123"; wrap order ids so they stay on one line.
  function setTextKeepingOrderIdsWhole(element, value) {
    element.textContent = '';
    value.split(/(ORD-\d+)/).forEach(function (part, index) {
      if (index % 2 === 1) {
        var id = document.createElement('span');
        id.className = 'order-id';
        id.textContent = part;
        element.appendChild(id);
      } else if (part) {
        element.appendChild(document.createTextNode(part));
      }
    });
  }

  function showError(message) {
    errorBox.textContent = message + ' ';
    var retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'retry';
    retry.textContent = TEXT[locale].retry;
    retry.addEventListener('click', startConversation);
    errorBox.appendChild(retry);
    errorBox.hidden = false;
  }

  function hideError() {
    errorBox.hidden = true;
    errorBox.textContent = '';
  }

  function stopConversation() {
    if (current) {
      current.subscription.unsubscribe();
      current.directLine.end();
      current = null;
    }
  }

  // Web Chat renders with ReactDOM.render into its element; a fresh element per conversation keeps the old
  // conversation's state out of the new one.
  function replaceHost() {
    var old = document.getElementById('webchat');
    var host = document.createElement('div');
    host.id = 'webchat';
    host.className = 'webchat-host';
    host.setAttribute('data-state', 'loading');
    host.setAttribute('data-locale', locale);
    if (old) {
      old.replaceWith(host);
    } else {
      panel.appendChild(host);
    }
    return host;
  }

  async function fetchToken() {
    var response = await fetch('/demo/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ locale: locale, as: signedInAs }),
      cache: 'no-store'
    });
    if (!response.ok) {
      throw new Error('HTTP ' + response.status);
    }
    var body = await response.json();
    if (!body || typeof body.token !== 'string' || !body.token) {
      throw new Error('no token in the response');
    }
    return body;
  }

  async function startConversation() {
    var mine = ++generation;
    stopConversation();
    hideError();
    applyPageLanguage();
    var host = replaceHost();

    if (!window.WebChat || typeof window.WebChat.renderWebChat !== 'function') {
      host.setAttribute('data-state', 'error');
      showError(TEXT[locale].scriptMissing);
      return;
    }

    var session;
    try {
      session = await fetchToken();
    } catch (error) {
      if (mine === generation) {
        console.error('HelpdeskBot demo: /demo/token failed', error);
        host.setAttribute('data-state', 'error');
        showError(format(TEXT[locale].tokenFailed, error.message));
      }
      return;
    }
    if (mine !== generation) {
      return; // the language was switched while the token was on its way
    }

    var options = { token: session.token, domain: location.origin + '/v3/directline' };
    // ?ws=0 forces DirectLineJS to poll instead of using the WebSocket stream (handy when debugging the host).
    if (new URLSearchParams(location.search).get('ws') === '0') {
      options.webSocket = false;
    }
    var directLine = window.WebChat.createDirectLine(options);
    var subscription = directLine.connectionStatus$.subscribe(function (status) {
      host.setAttribute('data-connection', CONNECTION_STATUS[status] || String(status));
      if (status === CONNECTION_FAILED && mine === generation) {
        showError(TEXT[locale].connectionFailed);
      }
    });
    current = { directLine: directLine, subscription: subscription };

    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        userID: session.userId,
        locale: locale,
        styleOptions: {
          accent: '#1f4e79',
          botAvatarInitials: 'HB',
          bubbleBorderRadius: 8,
          bubbleFromUserBorderRadius: 8,
          bubbleFromUserBackground: '#e3edf7',
          hideUploadButton: true
        }
      },
      host
    );
    host.setAttribute('data-state', 'ready');
    if (session.conversationId) {
      host.setAttribute('data-conversation-id', session.conversationId);
    }
  }

  document.querySelectorAll('.user-switch button').forEach(function (button) {
    button.addEventListener('click', function () {
      var chosen = button.getAttribute('data-as');
      if (chosen === signedInAs && current) {
        return;
      }
      signedInAs = chosen;
      var url = new URL(location.href);
      url.searchParams.set('as', signedInAs);
      history.replaceState(null, '', url);
      startConversation();
    });
  });

  document.querySelectorAll('.language-switch button[data-locale]').forEach(function (button) {
    button.addEventListener('click', function () {
      var chosen = button.getAttribute('data-locale');
      if (chosen === locale && current) {
        return;
      }
      locale = chosen;
      var url = new URL(location.href);
      url.searchParams.set('locale', locale);
      history.replaceState(null, '', url);
      startConversation();
    });
  });

  startConversation();
})();
