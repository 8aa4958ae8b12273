// The browser side of the bridge, served as /__bridge/shim.js and run before the renderer
// bundle: defines window.gatehouse (invoke + on, the preload's API) over the bridge's
// WebSocket. The token comes from the URL fragment and is removed from the address bar at once.
// Pages the desktop app would open in the system browser or the QR view open in a new tab.
export const SHIM_PATH = '/__bridge/shim.js';
export const SOCKET_PATH = '/__bridge/ws';

/** Plain browser JavaScript (no bundler): kept as a string so the bridge needs no build. */
export const SHIM_SOURCE = String.raw`(() => {
  'use strict';
  const match = /(?:^#|&)bridge_token=([A-Za-z0-9_-]+)/.exec(location.hash);
  const stored = sessionStorage.getItem('gatehouse.bridge');
  const token = match ? match[1] : stored;
  if (match) {
    sessionStorage.setItem('gatehouse.bridge', token);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const pending = new Map();
  const listeners = new Map();
  const queue = [];
  let nextId = 1;
  let socket;
  let open = false;
  const fail = (reason) => {
    for (const p of pending.values()) p.reject(new Error(reason));
    pending.clear();
  };
  const connect = () => {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '${SOCKET_PATH}';
    socket = new WebSocket(url, ['gatehouse.bridge', 'token.' + token]);
    socket.onopen = () => {
      open = true;
      while (queue.length) socket.send(queue.shift());
    };
    socket.onmessage = (m) => {
      let msg;
      try { msg = JSON.parse(m.data); } catch { return; }
      if (msg.type === 'response') {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        if (msg.error) p.reject(new Error(msg.error)); else p.resolve(msg.value);
      } else if (msg.type === 'event') {
        for (const l of listeners.get(msg.event) || []) { try { l(msg.payload); } catch (e) { console.error(e); } }
      } else if (msg.type === 'open-url' && /^https?:\/\//.test(msg.url)) {
        window.open(msg.url, '_blank', 'noopener');
      }
    };
    socket.onclose = () => {
      open = false;
      fail('bridge closed');
      setTimeout(connect, 1000);
    };
  };
  if (token) connect();
  const send = (text) => { if (open) socket.send(text); else queue.push(text); };
  const api = {
    invoke(channel, request) {
      if (!token) return Promise.reject(new Error('no bridge token'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send(JSON.stringify({ type: 'invoke', id, channel, request }));
      });
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return () => listeners.get(event).delete(listener);
    },
  };
  Object.defineProperty(window, 'gatehouse', { value: Object.freeze(api), writable: false });
})();
`;
