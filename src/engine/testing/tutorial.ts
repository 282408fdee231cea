/** Shared by the tutorial tests: drivers on one database and the tutorial's way of reading runs. */
import type { ColumnTable } from "arquero";
import { Builder, type CacheOptions, type Driver } from "../index";
import { SOURCES } from "../../examples/sources";

export const CUTOFF = { cutoff_date: "2024-09-01" };
export const TEN_ROWS = { Brazil: 77.9004, Canada: 941.957, Mexico: 46.217, USA: 2959.76 };

export function tutorialDriver(path: string) {
  return (source: string, options: CacheOptions = {}): Promise<Driver> =>
    new Builder().withModules(source).withCache({ path, ...options }).build();
}

export async function execute(dr: Driver, outputs: string[], inputs: Record<string, unknown> = CUTOFF) {
  const results = await dr.execute(outputs, { inputs });
  const lines = dr.cache.events(dr.cache.lastRunId, { level: "info" }).map(String);
  return { results, lines };
}

export function perCountry(table: unknown): Record<string, number> {
  const rows = (table as ColumnTable).objects() as { country: string; amound_in_usd: number }[];
  return Object.fromEntries(rows.map((r) => [r.country, Number(r.amound_in_usd.toFixed(4))]));
}

export function rounded(record: unknown): Record<string, number> {
  return Object.fromEntries(Object.entries(record as Record<string, number>).map(([k, v]) => [k, Number(v.toFixed(4))]));
}

export const exec = (node: string) => `${node}::adapter::execute_node`;
export const hit = (node: string) => `${node}::result_store::get_result::hit`;

/** The runs of the tutorial before "Materializers", so a later section starts from its cache. */
export async function replayUpToMaterializers(path: string): Promise<void> {
  const driver = tutorialDriver(path);
  const both = ["processed_data", "amount_per_country"];
  await (await driver(SOURCES.basics)).execute(["processed_data"], { inputs: CUTOFF });
  await (await driver(SOURCES.addingNode)).execute(both, { inputs: CUTOFF });
  await (await driver(SOURCES.addingNode)).execute(both, { inputs: { cutoff_date: "2024-09-11" } });
  await (await driver(SOURCES.addingNode)).execute(both, { inputs: { cutoff_date: "2024-09-05" } });
  await (await driver(SOURCES.changingCode)).execute(both, { inputs: CUTOFF });
  await (await driver(SOURCES.changingCode2)).execute(both, { inputs: CUTOFF });
  await (await driver(SOURCES.changingExternal)).execute(["amount_per_country"], { inputs: CUTOFF });
  await (await driver(SOURCES.changingExternal, { recompute: ["raw_data"] })).execute(["amount_per_country"], { inputs: CUTOFF });
  await (await driver(SOURCES.changingExternalDecorator)).execute(["amount_per_country"], { inputs: CUTOFF });
}
