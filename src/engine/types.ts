/** Branded strings: a cache key can't be passed where a data version is expected. */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type NodeName = Brand<string, "NodeName">;
export type CodeVersion = Brand<string, "CodeVersion">;
export type DataVersion = Brand<string, "DataVersion">;
export type CacheKey = Brand<string, "CacheKey">;
export type RunId = Brand<string, "RunId">;

export const BEHAVIORS = ["default", "recompute", "disable", "ignore"] as const;
export type CachingBehavior = (typeof BEHAVIORS)[number];

export const FORMATS = ["json", "csv", "parquet", "arrow"] as const;
/** `native` is the default: tables as Arrow IPC bytes, everything else as structured data. */
export type StorageFormat = (typeof FORMATS)[number] | "native";

export type NodeKind = "function" | "loader" | "loader-data" | "saver";

export type Actor = "adapter" | "metadata_store" | "result_store";
export type EventType =
  | "resolve_behavior"
  | "is_input"
  | "is_override"
  | "is_final_var"
  | "set_cache_key"
  | "get_cache_key"
  | "get_data_version"
  | "set_data_version"
  | "get_result"
  | "set_result"
  | "missing_result"
  | "execute_node"
  | "failed_execution"
  | "unhashable_data_version"
  | "corrupt_result";

export type LogLevel = "info" | "debug";

/** One step of a run. `String(event)` gives `node::actor::event[::msg]`, as Hamilton prints it. */
export interface CachingEvent {
  readonly runId: RunId;
  readonly actor: Actor;
  readonly eventType: EventType;
  readonly nodeName: string;
  readonly msg?: string;
  readonly value?: unknown;
  readonly timestamp: number;
  toString(): string;
}

export type NodeStatus = "executed" | "cached" | "failed" | "input" | "override" | "skipped";

export interface DecodedKey {
  nodeName: string;
  codeVersion: CodeVersion;
  dependenciesDataVersions: Record<string, DataVersion>;
}

export interface RunNodeView {
  id: string;
  status: NodeStatus;
  behavior?: CachingBehavior;
  kind: NodeKind | "input";
  requested: boolean;
  codeVersion?: CodeVersion;
  dataVersion?: DataVersion;
  cacheKey?: CacheKey;
  durationMs?: number;
  error?: { code: string; message: string; stack?: string };
}

export interface RunView {
  runId: RunId;
  nodes: RunNodeView[];
  edges: { source: string; target: string }[];
}
