// Preloaded into the Agents Playground (node --require loopback.cjs): it serves its page, its mock Bot Connector
// and its WebSocket with server.listen(port) and no host, i.e. on every interface, and has no option to change that.
// This makes every TCP listen without a host bind to 127.0.0.1, so the test never exposes a port to the network.
'use strict';
const net = require('net');

const listen = net.Server.prototype.listen;
const isPort = (value) => typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value));

net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (isPort(first) || first === undefined || typeof first === 'function') {
    // listen(), listen(cb), listen(port), listen(port, cb), listen(port, backlog, cb): insert the host after the port.
    if (!isPort(first)) {
      args.unshift(0);
    }
    if (typeof args[1] !== 'string') {
      args.splice(1, 0, '127.0.0.1');
    }
  } else if (first !== null && typeof first === 'object' && !(first instanceof net.Server) &&
             first.path === undefined && first.handle === undefined && first.fd === undefined && first.host === undefined) {
    args[0] = { ...first, host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
