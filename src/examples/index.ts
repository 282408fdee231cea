import { LARGE_OUTPUTS, LARGE_SOURCE } from "./large";
import { SOURCES } from "./sources";

/** Driver options an example runs with (SPEC.md §6 `withCache`), as plain data. */
export interface ExampleCacheOptions {
  recompute?: string[] | true;
  disable?: string[] | true;
  ignore?: string[] | true;
  default?: string[] | true;
  defaultBehavior?: "default" | "recompute" | "disable" | "ignore";
  defaultLoaderBehavior?: "default" | "recompute" | "disable" | "ignore";
  defaultSaverBehavior?: "default" | "recompute" | "disable" | "ignore";
}

export interface Example {
  id: string;
  title: string;
  /** The tutorial section it replays and what to look for. */
  description: string;
  source: string;
  inputs: Record<string, string>;
  outputs: string[];
  cacheOptions?: ExampleCacheOptions;
}

const CUTOFF = { cutoff_date: "2024-09-01" };

/** In tutorial order: replaying them against one cache reproduces its hits and misses. */
export const EXAMPLES: readonly Example[] = [
  {
    id: "basics",
    title: "Basics",
    description: "First run executes both nodes; run again and both come from the cache.",
    source: SOURCES.basics,
    inputs: CUTOFF,
    outputs: ["processed_data"],
  },
  {
    id: "adding-node",
    title: "Adding a node",
    description: "raw_data and processed_data are reused; only amount_per_country executes.",
    source: SOURCES.addingNode,
    inputs: CUTOFF,
    outputs: ["processed_data", "amount_per_country"],
  },
  {
    id: "changing-inputs",
    title: "Changing inputs",
    description:
      "cutoff_date 2024-09-11 re-executes processed_data and amount_per_country; try 2024-09-05 next: processed_data returns a value seen before, so amount_per_country is a hit.",
    source: SOURCES.addingNode,
    inputs: { cutoff_date: "2024-09-11" },
    outputs: ["processed_data", "amount_per_country"],
  },
  {
    id: "changing-code",
    title: "Changing code",
    description: "The Canada rate changes from 0.73 to 0.71: processed_data and its dependants execute.",
    source: SOURCES.changingCode,
    inputs: CUTOFF,
    outputs: ["processed_data", "amount_per_country"],
  },
  {
    id: "changing-code-2",
    title: "Changing code again",
    description:
      "Rates for Brazil and Mexico are added; processed_data executes but returns a value seen before, so amount_per_country is a hit.",
    source: SOURCES.changingCode2,
    inputs: CUTOFF,
    outputs: ["processed_data", "amount_per_country"],
  },
  {
    id: "external-data",
    title: "Changing external data",
    description:
      "DATA gained five rows, but raw_data's code did not change: everything is a hit and the stale five rows are served.",
    source: SOURCES.changingExternal,
    inputs: CUTOFF,
    outputs: ["amount_per_country"],
  },
  {
    id: "external-data-recompute",
    title: "Recompute raw_data (.withCache)",
    description: "withCache({ recompute: [\"raw_data\"] }) re-reads the data; Brazil and Mexico appear.",
    source: SOURCES.changingExternal,
    inputs: CUTOFF,
    outputs: ["amount_per_country"],
    cacheOptions: { recompute: ["raw_data"] },
  },
  {
    id: "external-data-decorator",
    title: "Recompute raw_data (cache())",
    description: "cache({ behavior: \"recompute\" }) in the module: raw_data executes, the rest are hits.",
    source: SOURCES.changingExternalDecorator,
    inputs: CUTOFF,
    outputs: ["amount_per_country"],
  },
  {
    id: "recompute-all",
    title: "Force recompute all",
    description: "withCache({ recompute: true }): every node executes.",
    source: SOURCES.changingExternalDecorator,
    inputs: CUTOFF,
    outputs: ["amount_per_country"],
    cacheOptions: { recompute: true },
  },
  {
    id: "default-behavior",
    title: "Setting default behavior",
    description: "defaultBehavior \"disable\": caching is opt-in; only raw_data's recompute stays.",
    source: SOURCES.changingExternalDecorator,
    inputs: CUTOFF,
    outputs: ["amount_per_country"],
    cacheOptions: { defaultBehavior: "disable" },
  },
  {
    id: "materializers",
    title: "Materializers",
    description: "A dataloader and a datasaver: loaders and savers are cached like any node.",
    source: SOURCES.materializers,
    inputs: CUTOFF,
    outputs: ["amount_per_country", "saved_data"],
  },
  {
    id: "materializers-recompute-loaders",
    title: "Materializers: always read the latest data",
    description: "defaultLoaderBehavior \"recompute\", defaultSaverBehavior \"disable\".",
    source: SOURCES.materializers,
    inputs: CUTOFF,
    outputs: ["amount_per_country", "saved_data"],
    cacheOptions: { defaultLoaderBehavior: "recompute", defaultSaverBehavior: "disable" },
  },
  {
    id: "cache-format",
    title: "Changing the cache format",
    description: "processed_data is stored as Parquet; the file shows up in the file area.",
    source: SOURCES.cacheFormat,
    inputs: CUTOFF,
    outputs: ["amount_per_country"],
  },
  // Not tutorial steps: SQL nodes on DuckDB (SPEC.md §14), after the tutorial so replaying it is unchanged.
  {
    id: "sql-aggregates",
    title: "SQL nodes: the tutorial in SQL",
    description:
      "processed_data and amount_per_country as sql() nodes on DuckDB, cached like any node: run, run again (hits), then change cutoff_date. DuckDB loads on the first run.",
    source: SOURCES.sqlAggregates,
    inputs: CUTOFF,
    outputs: ["amount_per_country"],
  },
  {
    id: "sql-parquet",
    title: "SQL over an uploaded Parquet file",
    description: "Upload flights.parquet, then run: DuckDB aggregates the file by name. Change min_flights and only the SQL node and its reader run.",
    source: SOURCES.sqlFlights,
    inputs: { min_flights: "1000" },
    outputs: ["delay_by_carrier", "worst_carrier"],
  },
  // Not a tutorial step: the graph at size (issue 12), after the tutorial so replaying it in order is unchanged.
  {
    id: "large-500",
    title: "Large dataflow (500 nodes)",
    description: "20 stages of 25 nodes, wide and deep: the graph at size. Run it, then run again: all 500 are hits.",
    source: LARGE_SOURCE,
    inputs: {},
    outputs: LARGE_OUTPUTS,
  },
];

export function getExample(id: string): Example | undefined {
  return EXAMPLES.find((example) => example.id === id);
}

export { SOURCES };
