/**
 * nginx from Debian's packages in front of app instances, running the shipped
 * deploy/nginx/curvature.conf as it is — only its ports, upstream addresses and certificate
 * replaced (a self-signed one made here with openssl) — inside a small main configuration
 * that runs nginx in the foreground from a temporary folder and logs which instance served
 * each request. Used by tests/stress/two-instances.stress.ts and `bench:quiz --instances 2`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, ROOT } from './app';

const SAMPLE = path.join(ROOT, 'deploy', 'nginx', 'curvature.conf');

/** nginx's binary, or an error saying how to install it. */
function nginxBinary(): string {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (fs.existsSync(candidate)) return candidate;
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  throw new Error('nginx is not installed: apt-get install -y nginx (.ci/run does this)');
}

/**
 * The sample configuration with these ports, upstreams and certificate. Each replacement
 * must match exactly once, so a change to the sample's shape fails here first.
 */
function adaptSample(sample: string, o: { httpPort: number; httpsPort: number; upstreams: [number, number]; cert: string; key: string }): string {
  const replacements: [RegExp, string][] = [
    [/server 127\.0\.0\.1:3001 /, `server 127.0.0.1:${o.upstreams[0]} `],
    [/server 127\.0\.0\.1:3002 /, `server 127.0.0.1:${o.upstreams[1]} `],
    [/listen 80;/, `listen 127.0.0.1:${o.httpPort};`],
    [/listen 443 ssl http2;/, `listen 127.0.0.1:${o.httpsPort} ssl http2;`],
    [/ssl_certificate\s+\S+;/, `ssl_certificate ${o.cert};`],
    [/ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${o.key};`],
  ];
  let text = sample;
  for (const [pattern, value] of replacements) {
    const count = text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
    if (count !== 1) throw new Error(`deploy/nginx/curvature.conf: expected one match of ${pattern}, found ${count}`);
    text = text.replace(pattern, value);
  }
  return text;
}

export interface Nginx {
  /** The HTTPS address (self-signed certificate: the caller must accept it). */
  publicUrl: string;
  /** The plain-HTTP address, which redirects to HTTPS. */
  httpUrl: string;
  /** Which instance served each request so far (nginx logs "<method> <uri> <status> <upstream>"). */
  servedBy(): { uri: string; upstream: string }[];
  /** What nginx printed and logged as errors. */
  output(): string;
  /** Starts nginx (after the instances are up); resolves when it is running. */
  start(): Promise<void>;
  /** Stops nginx gracefully and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Prepares nginx for two instances on `upstreams` (ports): its folder, certificate and
 * configuration, checked with `nginx -t`. The public URL is known before the instances start
 * (they need it as BASE_URL); call start() once they run.
 */
export async function prepareNginx(upstreams: [number, number]): Promise<Nginx> {
  const bin = nginxBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-nginx-'));
  fs.chmodSync(dir, 0o755);
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    fs.mkdirSync(path.join(dir, 'tmp', t), { recursive: true });
    fs.chmodSync(path.join(dir, 'tmp', t), 0o777); // nginx's workers run as nobody when we are root
  }
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const made = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl could not make a test certificate: ${made.stderr}`);

  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const publicUrl = `https://127.0.0.1:${httpsPort}`;
  fs.writeFileSync(path.join(dir, 'curvature.conf'), adaptSample(fs.readFileSync(SAMPLE, 'utf8'), { httpPort, httpsPort, upstreams, cert, key }));
  const main = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    main,
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 4096; }',
      'http {',
      "  log_format upstream '$request_method $request_uri $status $upstream_addr';",
      `  access_log ${dir}/access.log upstream;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/tmp/${t.replace('client_', '')};`),
      `  include ${dir}/curvature.conf;`,
      '}',
      '',
    ].join('\n'),
  );
  const args = ['-p', dir, '-c', main, '-e', path.join(dir, 'error.log')];
  const tested = spawnSync(bin, ['-t', ...args], { encoding: 'utf8' });
  if (tested.status !== 0) throw new Error(`nginx -t refused the configuration:\n${tested.stderr}`);

  let child: ChildProcess | undefined;
  let printed = '';
  const output = () => `${printed}${fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : ''}`;
  return {
    publicUrl,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    servedBy() {
      const log = path.join(dir, 'access.log');
      if (!fs.existsSync(log)) return [];
      return fs
        .readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [, uri, , upstream] = line.split(' ');
          return { uri, upstream };
        });
    },
    output,
    async start() {
      child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (d) => (printed += d));
      child.stderr!.on('data', (d) => (printed += d));
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        if (await fetch(`${publicUrl}/api/health`).then((r) => r.ok, () => false)) return;
        if (child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`nginx did not answer on ${publicUrl}:\n${output()}`);
    },
    async stop() {
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child!.once('exit', resolve));
        child.kill('SIGQUIT'); // graceful: workers finish, the master removes its pid file
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
