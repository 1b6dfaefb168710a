// Calls that run on the process's libuv threadpool (4 threads unless UV_THREADPOOL_SIZE): the
// callback forms of crypto's key derivation and random fill, zlib's one-shot codecs and fs's common
// calls, each timed from the call to its callback and written as a row once the thread has run a
// task (a `libuv-pool` suggestion counts the process's calls in flight against the pool's size).
// Wrapped here rather than seen through async_hooks: an `init` hook turns on promise hooks for every
// promise of the thread. Promise forms (fs.promises) are not seen; util.promisify of a wrapped
// function is (it calls it with a callback).
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { syncBuiltinESMExports } from 'node:module';
import { performance } from 'node:perf_hooks';
import { threadpoolSize } from '../recordEnv';
import type { RowWriter } from './rowWriter';

const CALLS: [Record<string, unknown>, string[]][] = [
  [crypto as unknown as Record<string, unknown>, ['pbkdf2', 'scrypt', 'randomFill', 'hkdf', 'generateKeyPair']],
  [zlib as unknown as Record<string, unknown>, ['deflate', 'inflate', 'gzip', 'gunzip', 'deflateRaw', 'inflateRaw', 'unzip', 'brotliCompress', 'brotliDecompress']],
  [fs as unknown as Record<string, unknown>, ['readFile', 'writeFile', 'appendFile', 'stat', 'lstat', 'fstat', 'open', 'close', 'read', 'write', 'readdir', 'access', 'unlink', 'mkdir', 'copyFile', 'rename']],
];

export function timeThreadpoolCalls(rows: RowWriter): void {
  const poolSize = threadpoolSize(process.env);
  for (const [module, names] of CALLS) {
    for (const name of names) {
      const original = module[name];
      if (typeof original !== 'function') continue;
      const timed = function (this: unknown, ...args: unknown[]): unknown {
        const last = args.length - 1;
        const callback = args[last];
        if (typeof callback !== 'function' || !rows.ranTasks) return original.apply(this, args);
        const startMs = performance.timeOrigin + performance.now();
        args[last] = function (this: unknown, ...results: unknown[]): unknown {
          rows.threadpool(startMs, performance.timeOrigin + performance.now(), poolSize);
          return callback.apply(this, results);
        };
        return original.apply(this, args);
      };
      // Keep what hangs off the original (e.g. util.promisify.custom on fs.read).
      Object.defineProperties(timed, Object.getOwnPropertyDescriptors(original));
      module[name] = timed;
    }
  }
  syncBuiltinESMExports();
}
