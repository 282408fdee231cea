import { formatEvent, type CachingEvent, type RunRecord } from "../engine";
import { keepsAt } from "../engine";
import type { LogLine, RunDetails } from "./protocol";

type EventLike = Pick<CachingEvent, "nodeName" | "actor" | "eventType" | "msg">;

/** One log line, printed and levelled by the engine's own rules. */
export function logLine(event: EventLike): LogLine {
  return { line: formatEvent(event), eventType: event.eventType, nodeName: event.nodeName, info: keepsAt("info", event) };
}

export function runDetails(record: RunRecord | undefined): RunDetails | undefined {
  return record && { record, log: record.events.map(logLine) };
}
