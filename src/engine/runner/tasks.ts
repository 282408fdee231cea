/** Yielding to the thread's other tasks (runs, writes, the pool's answers) from a run. */

/** Resolves in a new task, queued behind messages already waiting (not a microtask). */
export function nextTask(): Promise<void> {
  // Not `scheduler.yield()`: its continuation is run ahead of the messages waiting, which are
  // what a run yields for.
  const { setImmediate } = globalThis as { setImmediate?: (run: () => void) => unknown };
  // Node: a zero timeout would cost a millisecond.
  if (typeof setImmediate === "function") return new Promise((resolve) => setImmediate(() => resolve()));
  if (typeof MessageChannel === "function") return new Promise((resolve) => taskChannel().push(resolve));
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** One channel for every yield of this thread: a message to itself is a task without a timer's clamp. */
let tasks: { push(resolve: () => void): void } | undefined;
function taskChannel(): { push(resolve: () => void): void } {
  if (tasks) return tasks;
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  tasks = {
    push(resolve) {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    },
  };
  return tasks;
}
