// Not the engine's index: the page prints a run's log lines too (worker/client.ts).
import { formatEvent, keepsAt } from "../engine/events";
import type { RunRecord } from "../engine/stores/runRecord";
import type { CachingEvent } from "../engine/types";
import type { LogLine, RunDetails, RunOutcome, SentRunOutcome } from "./protocol";

type EventLike = Pick<CachingEvent, "nodeName" | "actor" | "eventType" | "msg">;

/** One log line, printed and levelled by the engine's own rules. */
export function logLine(event: EventLike): LogLine {
  return { line: formatEvent(event), eventType: event.eventType, nodeName: event.nodeName, info: keepsAt("info", event) };
}

export function runDetails(record: RunRecord | undefined): RunDetails | undefined {
  return record && { record, log: record.events.map(logLine) };
}

/** A run's outcome as the engine worker posts it to the page: without the log lines. */
export function toSent(outcome: RunOutcome): SentRunOutcome {
  return { ...outcome, details: outcome.details && { record: outcome.details.record } };
}

/** The page's side: the log lines printed again from the record's events (what runDetails does). */
export function fromSent(outcome: SentRunOutcome): RunOutcome {
  return { ...outcome, details: runDetails(outcome.details?.record) };
}
