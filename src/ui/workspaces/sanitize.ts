import { BEHAVIORS, type CachingBehavior } from "../../engine/types";
import type { DriverOptions } from "../../worker/protocol";
import type { InputsState, InputType } from "../state/inputs";
import type { WorkspaceContent } from "./model";

const INPUT_TYPES: readonly InputType[] = ["text", "number", "json"];
const LISTS = ["recompute", "disable", "ignore", "default"] as const;
const DEFAULTS = ["defaultBehavior", "defaultLoaderBehavior", "defaultSaverBehavior"] as const;

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
const isBehavior = (value: unknown): value is CachingBehavior => (BEHAVIORS as readonly unknown[]).includes(value);

function entries<T>(value: unknown, keep: (v: unknown) => v is T): Record<string, T> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, T] => keep(e[1])));
}

function inputsOf(value: unknown): InputsState {
  const inputs = isRecord(value) ? value : {};
  return {
    values: entries(inputs.values, (v): v is string => typeof v === "string"),
    types: entries(inputs.types, (v): v is InputType => (INPUT_TYPES as readonly unknown[]).includes(v)),
  };
}

/** Only `withCache`'s own options, each of its type: nothing else (a cache path, say) gets through. */
export function driverOf(value: unknown): DriverOptions {
  if (!isRecord(value)) return {};
  const driver: DriverOptions = {};
  for (const list of LISTS) {
    const names = value[list];
    if (names === true) driver[list] = true;
    else if (Array.isArray(names)) driver[list] = strings(names);
  }
  for (const key of DEFAULTS) if (isBehavior(value[key])) driver[key] = value[key];
  if (typeof value.caching === "boolean") driver.caching = value.caching;
  return driver;
}

/**
 * A dataflow from outside (a link, a file): every field checked and typed, unknown ones dropped.
 * Undefined when it is not a dataflow at all (no module text).
 */
export function contentFrom(value: unknown): WorkspaceContent | undefined {
  if (!isRecord(value) || typeof value.source !== "string") return undefined;
  return {
    source: value.source,
    inputs: inputsOf(value.inputs),
    driver: driverOf(value.driver),
    behaviors: entries(value.behaviors, isBehavior),
    requested: Array.isArray(value.requested) ? strings(value.requested) : undefined,
  };
}
