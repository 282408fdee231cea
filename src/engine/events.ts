import type { Actor, CachingEvent, EventType, LogLevel, RunId } from "./types";

const INFO_EVENTS: ReadonlySet<EventType> = new Set(["get_result", "execute_node", "corrupt_result"]);

export function keepsAt(level: LogLevel, event: Pick<CachingEvent, "eventType">): boolean {
  return level === "debug" || INFO_EVENTS.has(event.eventType);
}

export function formatEvent(event: Pick<CachingEvent, "nodeName" | "actor" | "eventType" | "msg">): string {
  const base = `${event.nodeName}::${event.actor}::${event.eventType}`;
  return event.msg === undefined ? base : `${base}::${event.msg}`;
}

/** Events print as Hamilton prints them: `raw_data::result_store::get_result::hit`. */
export function makeEvent(
  runId: RunId,
  nodeName: string,
  actor: Actor,
  eventType: EventType,
  msg?: string,
  value?: unknown,
  timestamp: number = Date.now(),
): CachingEvent {
  const event = { runId, nodeName, actor, eventType, msg, value, timestamp };
  Object.defineProperty(event, "toString", { value: () => formatEvent(event), enumerable: false });
  return event as CachingEvent;
}

/** Rebuilds a stored event (run history) so `String(event)` works again. */
export function reviveEvent(stored: Omit<CachingEvent, "toString">): CachingEvent {
  return makeEvent(stored.runId, stored.nodeName, stored.actor, stored.eventType, stored.msg, stored.value, stored.timestamp);
}
