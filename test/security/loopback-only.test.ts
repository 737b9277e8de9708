/**
 * The embedded sidecar listens on loopback only: the sockets of its gRPC and HTTP ports, as
 * the kernel lists them (/proc/net/tcp and tcp6), are bound to 127.0.0.1 and nothing else,
 * both for createEngine and for the real `serve` command; a connection through any other
 * address of this machine is refused, while 127.0.0.1 answers.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../src/engine/index.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The local addresses of listening TCP sockets on `port`, decoded from /proc/net/tcp and tcp6. */
function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 4 || fields[3] !== '0A') continue; // 0A = LISTEN
      const [hexAddress, hexPort] = fields[1]!.split(':');
      if (parseInt(hexPort!, 16) !== port) continue;
      found.push(decodeAddress(hexAddress!));
    }
  }
  return found;
}

/** /proc/net's address: IPv4 as one little-endian word, IPv6 as four. */
function decodeAddress(hex: string): string {
  const bytes = (word: string) => word.match(/../g)!.map((b) => parseInt(b, 16)).reverse();
  if (hex.length === 8) return bytes(hex).join('.');
  const all = hex.match(/.{8}/g)!.flatMap(bytes);
  const groups = Array.from({ length: 8 }, (_, i) => ((all[i * 2]! << 8) | all[i * 2 + 1]!).toString(16));
  return groups.join(':');
}

/** Resolves 'connected' or the error code of a TCP connection attempt. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('ETIMEDOUT');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

/** This machine's addresses other than loopback (link-local IPv6 with its interface). */
function otherLocalAddresses(): string[] {
  return Object.entries(networkInterfaces()).flatMap(([name, infos]) =>
    (infos ?? [])
      .filter((info) => !info.internal)
      .map((info) => (info.family === 'IPv6' && info.address.startsWith('fe80') ? `${info.address}%${name}` : info.address)),
  );
}

async function assertLoopbackOnly(t: { skip(message: string): void; diagnostic(message: string): void }, ports: Record<string, number>): Promise<void> {
  for (const [what, port] of Object.entries(ports)) {
    const bound = listeningAddresses(port);
    assert.deepEqual(bound, ['127.0.0.1'], `${what} port ${port} listens on 127.0.0.1 only, found ${bound.join(', ')}`);
    assert.equal(await tryConnect('127.0.0.1', port), 'connected', `${what} answers on 127.0.0.1`);
  }
  const others = otherLocalAddresses();
  if (others.length === 0) {
    t.skip('this machine has no address besides loopback, so connecting through another interface was not tried');
    return;
  }
  for (const address of others) {
    for (const [what, port] of Object.entries(ports)) {
      const outcome = await tryConnect(address, port);
      assert.notEqual(outcome, 'connected', `${what} port ${port} must not answer on ${address}`);
      t.diagnostic(`${what} on ${address}:${port}: ${outcome}`);
    }
  }
}

test('createEngine binds its gRPC and HTTP ports to 127.0.0.1 only', async (t) => {
  const running = await createEngine({ inMemory: true, grpcPort: 0, httpPort: 0 });
  try {
    assert.match(running.grpcAddress, /^127\.0\.0\.1:\d+$/);
    await assertLoopbackOnly(t, { gRPC: running.grpcPort, HTTP: running.httpPort! });
  } finally {
    await running.close();
  }
});

test('the real `serve` command listens on 127.0.0.1 only', async (t) => {
  const child = spawn(process.execPath, ['bin/dapr-workflow-tui.js', 'serve', '--grpc-port', '0', '--http-port', '0', '--in-memory', '--no-runtime'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
  });
  try {
    const ready = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`serve printed no ready line: ${out}`)), 30_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/listening on .*\n/.test(out)) {
          clearTimeout(timer);
          resolve(out);
        }
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    const grpcPort = Number(/listening on 127\.0\.0\.1:(\d+) \(gRPC\)/.exec(ready)?.[1]);
    const httpPort = Number(/HTTP API on http:\/\/127\.0\.0\.1:(\d+)/.exec(ready)?.[1]);
    assert.ok(grpcPort > 0 && httpPort > 0, ready);
    await assertLoopbackOnly(t, { gRPC: grpcPort, HTTP: httpPort });
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
});
