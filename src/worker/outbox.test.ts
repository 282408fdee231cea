import { afterEach, describe, expect, it, vi } from "vitest";
import { createOutbox } from "./outbox";
import type { LogLine, NodeProgress } from "./protocol";

const progress = (node: string, status: NodeProgress["status"]): NodeProgress => ({ runId: "r" as never, node, status });
const log = (line: string): LogLine => ({ line, eventType: "x", nodeName: "a", info: true });

afterEach(() => vi.useRealTimers());

describe("createOutbox", () => {
  it("sends many updates as one message on the next task", () => {
    vi.useFakeTimers();
    const send = vi.fn();
    const outbox = createOutbox(send);
    outbox.progress(progress("a", "cached"));
    outbox.log(log("a::hit"));
    outbox.progress(progress("b", "cached"));
    expect(send).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith([progress("a", "cached"), progress("b", "cached")], [log("a::hit")]);
  });

  it("sends a node that starts running at once, with what came before", () => {
    const send = vi.fn();
    const outbox = createOutbox(send);
    outbox.log(log("a::resolve"));
    outbox.progress(progress("a", "running"));
    expect(send).toHaveBeenCalledWith([progress("a", "running")], [log("a::resolve")]);
  });

  it("flushes the rest on demand and sends nothing empty", () => {
    vi.useFakeTimers();
    const send = vi.fn();
    const outbox = createOutbox(send);
    outbox.log(log("a::hit"));
    outbox.flush();
    vi.runAllTimers();
    outbox.flush();
    expect(send).toHaveBeenCalledTimes(1);
  });
});
