/**
 * A run's events as they cross from the compute realm to the engine worker: tuples, without the
 * run id (the record names it). Bytes between the two processes cost CPU on both sides, per byte
 * (a warm 10k-row run's 151 events: ~38 KB as objects, each repeating its property names and run
 * id; see docs/BENCHMARKS.md); a record's events, rebuilt from these, are the same.
 */
import type { SerializedEvent } from "../engine";

export type WireEvent = [actor: SerializedEvent["actor"], eventType: SerializedEvent["eventType"], nodeName: string, msg: string | undefined, value: unknown, timestamp: number];

export function toWireEvent({ actor, eventType, nodeName, msg, value, timestamp }: SerializedEvent): WireEvent {
  return [actor, eventType, nodeName, msg, value, timestamp];
}

export function fromWireEvent(runId: SerializedEvent["runId"], [actor, eventType, nodeName, msg, value, timestamp]: WireEvent): SerializedEvent {
  return { runId, actor, eventType, nodeName, msg, value, timestamp };
}
