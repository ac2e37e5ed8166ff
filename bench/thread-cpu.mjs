// Preloaded (node --import) by the start-up benchmark into a podpath process; worker threads
// inherit it. Each worker thread notes its thread id in a file; the main thread reads every
// thread's CPU from /proc/self/task every 10 ms (a thread's entry goes when it ends) and, at exit,
// prints `threads={"main":ms,"workers":[ms,...],"other":ms}` on stderr: the main thread, each
// pool worker, and the rest (V8's compiler and GC threads, libuv's pool). Linux only.
import { appendFileSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

const tids = join(tmpdir(), `podpath-bench-tids-${process.pid}`);
const msPerTick = 10; // USER_HZ, 100 on Linux

if (!isMainThread) {
  appendFileSync(tids, `${readlinkSync('/proc/thread-self').split('/').pop()}\n`);
} else {
  const cpu = new Map();
  const poll = () => {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        cpu.set(tid, (Number(fields[11]) + Number(fields[12])) * msPerTick);
      } catch {
        // The thread ended between the listing and the read: its last reading stands.
      }
    }
  };
  setInterval(poll, 10).unref();
  process.on('exit', () => {
    poll();
    let workers = [];
    try {
      workers = readFileSync(tids, 'utf8').trim().split('\n');
      rmSync(tids);
    } catch {
      // No worker thread started.
    }
    const main = String(process.pid);
    const other = [...cpu].filter(([tid]) => tid !== main && !workers.includes(tid)).reduce((a, [, ms]) => a + ms, 0);
    process.stderr.write(`\nthreads=${JSON.stringify({ main: cpu.get(main), workers: workers.map((t) => cpu.get(t) ?? 0), other })}\n`);
  });
}
