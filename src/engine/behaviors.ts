import { SluiceError } from "./errors";
import type { GraphNode } from "./graph/dataflow";
import { BEHAVIORS, type CachingBehavior } from "./types";

export type NodeList = readonly string[] | true;

/** The behaviour part of `withCache` (SPEC.md §3). */
export interface BehaviorOptions {
  recompute?: NodeList;
  disable?: NodeList;
  ignore?: NodeList;
  default?: NodeList;
  defaultBehavior?: CachingBehavior;
  defaultLoaderBehavior?: CachingBehavior;
  defaultSaverBehavior?: CachingBehavior;
}

const LISTS = ["recompute", "disable", "ignore", "default"] as const;

function checkBehavior(value: unknown, option: string): void {
  if (value !== undefined && !BEHAVIORS.includes(value as CachingBehavior)) {
    throw new SluiceError("BAD_OPTION", `withCache option \`${option}\` must be one of ${BEHAVIORS.join(", ")}, not ${JSON.stringify(value)}`, { option });
  }
}

/** Rejects unknown behaviours and a node listed under two behaviours before anything runs. */
export function validateBehaviorOptions(options: BehaviorOptions): void {
  checkBehavior(options.defaultBehavior, "defaultBehavior");
  checkBehavior(options.defaultLoaderBehavior, "defaultLoaderBehavior");
  checkBehavior(options.defaultSaverBehavior, "defaultSaverBehavior");
  const owner = new Map<string, string>();
  let allOwner: string | undefined;
  for (const list of LISTS) {
    const names = options[list];
    if (names === undefined) continue;
    if (names !== true && !Array.isArray(names)) {
      throw new SluiceError("BAD_OPTION", `withCache option \`${list}\` must be a list of node names or true`, { option: list });
    }
    if (names === true) {
      if (allOwner || owner.size > 0) {
        const other = allOwner ?? [...owner.values()][0];
        throw new SluiceError("BAD_OPTION", `withCache: \`${list}: true\` conflicts with \`${other}\``, { option: list });
      }
      allOwner = list;
      continue;
    }
    for (const name of names) {
      const previous = owner.get(name) ?? allOwner;
      if (previous) {
        throw new SluiceError("BAD_OPTION", `Node \`${name}\` is listed under both \`${previous}\` and \`${list}\``, { node: name, option: list });
      }
      owner.set(name, list);
    }
  }
}

/** Names in the driver's lists that are neither nodes nor inputs of this dataflow. */
export function checkListedNames(options: BehaviorOptions, known: (name: string) => boolean): void {
  for (const list of LISTS) {
    const names = options[list];
    if (names === undefined || names === true) continue;
    const unknown = names.find((name) => !known(name));
    if (unknown !== undefined) {
      throw new SluiceError("BAD_OPTION", `withCache option \`${list}\` names \`${unknown}\`, which is not a node or input of this dataflow`, { node: unknown, option: list });
    }
  }
}

function fromLists(options: BehaviorOptions, name: string): CachingBehavior | undefined {
  for (const list of LISTS) {
    const names = options[list];
    if (names === true || names?.includes(name)) return list;
  }
  return undefined;
}

/**
 * First match wins: the driver's lists, then the node's `cache({ behavior })`, then the loader or
 * saver default, then `defaultBehavior`. `x.loader` follows `x` unless listed itself.
 */
export function resolveBehavior(
  name: string,
  node: Pick<GraphNode, "kind" | "behavior" | "loaderOf"> | undefined,
  options: BehaviorOptions,
): CachingBehavior {
  const listed = fromLists(options, name) ?? (node?.kind === "loader" ? fromLists(options, name.replace(/\.loader$/, "")) : undefined);
  if (listed) return listed;
  if (node?.behavior) return node.behavior;
  if ((node?.kind === "loader" || node?.kind === "loader-data") && options.defaultLoaderBehavior) return options.defaultLoaderBehavior;
  if (node?.kind === "saver" && options.defaultSaverBehavior) return options.defaultSaverBehavior;
  return options.defaultBehavior ?? "default";
}
