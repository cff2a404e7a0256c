/**
 * Loaded into the Next.js server process (node --import) by scripts/start.ts: makes the
 * X-Forwarded-For header that the app (the sign-in limits) reads trustworthy.
 *
 * Next.js keeps a client-sent X-Forwarded-For and only fills it in when there is none, so a
 * client that reaches the app directly could name any address it likes. Here, before Next.js
 * sees a request: when the connection comes from one of CURVATURE_TRUSTED_PROXIES (addresses
 * or CIDR ranges) the header is kept as the proxy sent it; from anywhere else it is replaced
 * by the connection's own address.
 */
import http from 'node:http';
import net from 'node:net';

/** Whether `address` is in one of `entries` (IP addresses or CIDR ranges). */
export function isTrusted(address, entries) {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') && net.isIPv4(address.slice(7)) ? address.slice(7) : address;
  const list = new net.BlockList();
  for (const entry of entries) {
    const slash = entry.lastIndexOf('/');
    const ip = slash === -1 ? entry : entry.slice(0, slash);
    const family = net.isIPv4(ip) ? 'ipv4' : net.isIPv6(ip) ? 'ipv6' : null;
    if (!family) continue;
    if (slash === -1) list.addAddress(ip, family);
    else list.addSubnet(ip, Number(entry.slice(slash + 1)), family);
  }
  return list.check(plain, net.isIPv4(plain) ? 'ipv4' : 'ipv6');
}

/** Installs the rule on every http.Server of this process; `trusted` as in CURVATURE_TRUSTED_PROXIES. Returns how to remove it. */
export function guardClientAddress(trusted) {
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, req, ...rest) {
    if (event === 'request' && req && req.socket) {
      const peer = req.socket.remoteAddress;
      if (!isTrusted(peer, trusted)) {
        if (peer) req.headers['x-forwarded-for'] = peer;
        else delete req.headers['x-forwarded-for'];
      }
    }
    return emit.call(this, event, req, ...rest);
  };
  return () => {
    http.Server.prototype.emit = emit;
  };
}

const fromEnv = (process.env.CURVATURE_TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
if (process.env.CURVATURE_CLIENT_ADDRESS_GUARD === '1') guardClientAddress(fromEnv);
