// Shared helpers of the admin console's pages (window.Admin): calls to the admin APIs with the page's antiforgery token,
// ProblemDetails turned into readable errors, and DOM building that only ever sets text — everything shown comes from
// users, documents or customers, so nothing is put on the page as markup.
(function () {
  'use strict';

  var tokenMeta = document.querySelector('meta[name="request-verification-token"]');
  var TOKEN = tokenMeta ? tokenMeta.getAttribute('content') : '';

  // An API refusal: message for people, status and the ProblemDetails body for code.
  function ApiError(status, problem) {
    var message = (problem && (problem.detail || problem.title)) || ('Request failed (' + status + ')');
    if (problem && problem.errors) {
      var parts = [];
      Object.keys(problem.errors).forEach(function (key) {
        (problem.errors[key] || []).forEach(function (text) { parts.push(text); });
      });
      if (parts.length) {
        message = parts.join(' ');
      }
    }
    this.name = 'ApiError';
    this.message = message;
    this.status = status;
    this.problem = problem || null;
  }
  ApiError.prototype = Object.create(Error.prototype);

  // api('GET', '/api/admin/...') → parsed JSON (or text for non-JSON, null for 204).
  // body: a plain object (sent as JSON), FormData (multipart) or undefined.
  function api(method, url, body) {
    var headers = { 'Accept': 'application/json' };
    var init = { method: method, headers: headers, credentials: 'same-origin' };
    if (method !== 'GET' && method !== 'HEAD') {
      headers['RequestVerificationToken'] = TOKEN;
    }
    if (body instanceof FormData) {
      init.body = body;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (response) {
      if (response.status === 401) {
        window.location.href = '/agent/login?returnUrl=' + encodeURIComponent(window.location.pathname + window.location.search);
        throw new ApiError(401, { title: 'Signed out', detail: 'Your session ended: sign in again.' });
      }
      var type = response.headers.get('Content-Type') || '';
      var parsed = response.status === 204 ? Promise.resolve(null)
        : type.indexOf('json') >= 0 ? response.json() : response.text();
      return parsed.then(function (data) {
        if (!response.ok) {
          throw new ApiError(response.status, typeof data === 'object' ? data : { title: String(data || '') });
        }
        return data;
      });
    });
  }

  function byId(id) {
    return document.getElementById(id);
  }

  // el('li', { className: 'x', text: 'y', attrs: { type: 'button' }, data: { id: 3 }, on: { click: fn } }, [children])
  function el(tag, options, children) {
    var node = document.createElement(tag);
    options = options || {};
    if (options.className) {
      node.className = options.className;
    }
    if (options.text !== undefined && options.text !== null) {
      node.textContent = String(options.text);
    }
    if (options.attrs) {
      Object.keys(options.attrs).forEach(function (key) {
        if (options.attrs[key] !== undefined && options.attrs[key] !== null && options.attrs[key] !== false) {
          node.setAttribute(key, options.attrs[key] === true ? '' : String(options.attrs[key]));
        }
      });
    }
    if (options.data) {
      Object.keys(options.data).forEach(function (key) { node.dataset[key] = String(options.data[key]); });
    }
    if (options.on) {
      Object.keys(options.on).forEach(function (key) { node.addEventListener(key, options.on[key]); });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) {
        return;
      }
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
    return node;
  }

  // Shows a message in a status element (role=status or alert): kind 'error' | 'ok' | '' (plain).
  function say(node, text, kind) {
    if (!node) {
      return;
    }
    node.textContent = text || '';
    node.className = 'notice' + (kind ? ' ' + kind : '');
    node.hidden = !text;
  }

  function formatTime(iso) {
    if (!iso) {
      return '';
    }
    var date = new Date(iso);
    return isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
  }

  function formatPercent(value) {
    return value === null || value === undefined ? '—' : (value * 100).toFixed(1) + ' %';
  }

  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (key) {
      var value = params[key];
      if (value !== undefined && value !== null && value !== '') {
        parts.push(encodeURIComponent(key) + '=' + encodeURIComponent(value));
      }
    });
    return parts.length ? '?' + parts.join('&') : '';
  }

  window.Admin = {
    api: api,
    ApiError: ApiError,
    byId: byId,
    el: el,
    clear: clear,
    say: say,
    formatTime: formatTime,
    formatPercent: formatPercent,
    query: query,
    token: TOKEN,
    // The signed-in user name, as the APIs record it in "by" fields (createdBy, publishedBy).
    userName: document.body ? (document.body.getAttribute('data-user') || '') : ''
  };
})();
