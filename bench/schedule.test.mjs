import { describe, expect, it } from "vitest";
import { nodesOf, scheduleLength } from "./schedule.mjs";

const SOURCE = `export function a() {}
export function b(a) {}
export function c(a) {}
export function d(b, c, given) {}
`;

describe("a run's schedule on more workers", () => {
  const nodes = nodesOf(SOURCE);
  const executed = new Map([["a", 10], ["b", 40], ["c", 30], ["d", 5]]);

  it("reads nodes and parameters from a module", () => {
    expect(nodes.map((n) => `${n.name}(${n.params.join(",")})`)).toEqual(["a()", "b(a)", "c(a)", "d(b,c,given)"]);
  });

  it("is the sum of the durations on one thread", () => {
    expect(scheduleLength(nodes, executed, { workers: 1 })).toBe(85);
  });

  it("runs independent nodes at once on free workers: the critical path", () => {
    expect(scheduleLength(nodes, executed, { workers: 2 })).toBe(10 + 40 + 5);
  });

  it("charges a sent node's crossing: out on the realm's thread, back on the worker's", () => {
    const cross = () => ({ out: 2, back: 3 });
    // a: 2 + 10 + 3 = 15; b and c packed one after another on the realm (17, 19); b ends 17+40+3.
    expect(scheduleLength(nodes, executed, { workers: 2, cross })).toBe(60 + 2 + 5 + 3);
  });

  it("keeps what is not sent on the realm's thread, beside the pool", () => {
    const sent = (name) => name === "b";
    expect(scheduleLength(nodes, executed, { workers: 2, sent })).toBe(10 + 40 + 5);
    expect(scheduleLength(nodes, new Map([["b", 40], ["c", 30]]), { workers: 2, sent: () => false })).toBe(70);
  });
  it("packs a sent node as soon as it is ready, before it waits for a busy worker", () => {
    const three = nodesOf("export function x() {}\nexport function y() {}\nexport function z() {}\n");
    const ms = new Map([["x", 10], ["y", 10], ["z", 10]]);
    // x and y packed at 1 and 2 and run at once; z packed at 3, waits for x's worker (free at 11).
    expect(scheduleLength(three, ms, { workers: 2, cross: () => ({ out: 1, back: 0 }) })).toBe(21);
  });

  it("tells the crossing which worker the node goes to", () => {
    const seen = [];
    scheduleLength(nodes, executed, { workers: 2, cross: (name, worker) => (seen.push(`${name}@${worker}`), { out: 0, back: 0 }) });
    expect(seen).toEqual(["a@0", "b@1", "c@0", "d@0"]);
  });
});
