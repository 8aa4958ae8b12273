// Node's http module for the client core, taken with process.getBuiltinModule instead of
// `import … from 'node:http'`. An ESM import makes Node build the module's ESM namespace, which
// reads every export once, including the lazy getters http.WebSocket, CloseEvent and
// MessageEvent: that loads Node's bundled undici with its web streams and File classes, ~6 MiB of
// idle RSS in a process that never uses them (bench client-idle-rss, ADR 0012). The CommonJS
// exports object leaves those getters alone. Types still come from `import type` of 'node:http'.
// test/unit/client/core-module-footprint.test.ts fails when something brings the namespace back.
export const nodeHttp = process.getBuiltinModule('node:http');
