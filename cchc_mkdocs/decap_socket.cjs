// Loaded by `cchc edit` before decap-server (node --require): the server listens on the Unix
// socket named by CCHC_DECAP_SOCKET, in a folder only this user can open, instead of a TCP port
// any page of the browser could reach. The guard (cchc_mkdocs/edit_guard.py) is the only way in.
"use strict";
const net = require("net");
const socketPath = process.env.CCHC_DECAP_SOCKET;
if (socketPath) {
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (...args) {
    const callback = args.find((arg) => typeof arg === "function");
    return callback ? listen.call(this, socketPath, callback) : listen.call(this, socketPath);
  };
}
