/**
 * The tutorial's modules (seed/caching-tutorial.txt), ported from pandas to Arquero.
 * Each is the full text a user sees in the editor, built from shared pieces so the ports
 * differ exactly where the tutorial's cells differ.
 */

const DATA_5 = `const DATA = {
  cities: ["New York", "Los Angeles", "Chicago", "Montréal", "Vancouver"],
  date: ["2024-09-13", "2024-09-12", "2024-09-11", "2024-09-11", "2024-09-09"],
  amount: [478.23, 251.67, 989.34, 742.14, 584.56],
  country: ["USA", "USA", "USA", "Canada", "Canada"],
  currency: ["USD", "USD", "USD", "CAD", "CAD"],
};`;

const DATA_10 = `const DATA = {
  cities: ["New York", "Los Angeles", "Chicago", "Montréal", "Vancouver", "Houston", "Phoenix", "Mexico City", "Chihuahua City", "Rio de Janeiro"],
  date: ["2024-09-13", "2024-09-12", "2024-09-11", "2024-09-11", "2024-09-09", "2024-09-08", "2024-09-07", "2024-09-06", "2024-09-05", "2024-09-04"],
  amount: [478.23, 251.67, 989.34, 742.14, 584.56, 321.85, 918.67, 135.22, 789.12, 432.78],
  country: ["USA", "USA", "USA", "Canada", "Canada", "USA", "USA", "Mexico", "Mexico", "Brazil"],
  currency: ["USD", "USD", "USD", "CAD", "CAD", "USD", "USD", "MXN", "MXN", "BRL"],
};`;

const RAW_DATA = `/** Loading raw data. This simulates loading from a file, database, or external service. */
export function raw_data(): aq.ColumnTable {
  return aq.table(DATA);
}`;

const RAW_DATA_RECOMPUTE = `/** Loading raw data. This simulates loading from a file, database, or external service. */
export const raw_data = cache({ behavior: "recompute" }, (): aq.ColumnTable => {
  return aq.table(DATA);
});`;

const RAW_DATA_LOADER = `/** Loading raw data. This simulates loading from a file, database, or external service. */
export const raw_data = dataloader(() => {
  const data = aq.table(DATA);
  const metadata = { source: "notebook", format: "json" };
  return [data, metadata];
});`;

const PROCESSED_073 = `/** Filter out rows before cutoff date and convert currency to USD. */
export function processed_data(raw_data: aq.ColumnTable, cutoff_date: string): aq.ColumnTable {
  return raw_data
    .params({ cutoff_date })
    .filter((d, $) => d.date > $.cutoff_date)
    .derive({
      amound_in_usd: (d) => (d.country === "Canada" ? d.amount * 0.73 : d.amount),
    });
}`;

const PROCESSED_071 = `/** Filter out rows before cutoff date and convert currency to USD. */
export function processed_data(raw_data: aq.ColumnTable, cutoff_date: string): aq.ColumnTable {
  return raw_data
    .params({ cutoff_date })
    .filter((d, $) => d.date > $.cutoff_date)
    .derive({
      amound_in_usd: (d) => (d.country === "Canada" ? d.amount * 0.71 : d.amount), // <- VALUE CHANGED FROM 0.73
    });
}`;

const RATES_ALL = `(d) =>
        d.country === "Canada" ? d.amount * 0.71
        : d.country === "Brazil" ? d.amount * 0.18 // <- LINE ADDED
        : d.country === "Mexico" ? d.amount * 0.05 // <- LINE ADDED
        : d.amount`;

const PROCESSED_ALL = `/** Filter out rows before cutoff date and convert currency to USD. */
export function processed_data(raw_data: aq.ColumnTable, cutoff_date: string): aq.ColumnTable {
  return raw_data
    .params({ cutoff_date })
    .filter((d, $) => d.date > $.cutoff_date)
    .derive({
      amound_in_usd: ${RATES_ALL},
    });
}`;

const PROCESSED_PARQUET = `/** Filter out rows before cutoff date and convert currency to USD. */
export const processed_data = cache(
  { format: "parquet" },
  (raw_data: aq.ColumnTable, cutoff_date: string): aq.ColumnTable => {
    return raw_data
      .params({ cutoff_date })
      .filter((d, $) => d.date > $.cutoff_date)
      .derive({
        amound_in_usd: ${RATES_ALL},
      });
  },
);`;

const AMOUNT_PER_COUNTRY = `/** Sum the amount in USD per country */
export function amount_per_country(processed_data: aq.ColumnTable): aq.ColumnTable {
  return processed_data
    .groupby("country")
    .rollup({ amound_in_usd: aq.op.sum("amound_in_usd") })
    .orderby("country");
}`;

/** The tutorial's `-> pd.Series` variant: a `{ country: amount }` record instead of a table. */
const AMOUNT_PER_COUNTRY_SERIES = `/** Sum the amount in USD per country, as a { country: amount } record (a pandas Series). */
export function amount_per_country(processed_data: aq.ColumnTable): Record<string, number> {
  const sums = processed_data
    .groupby("country")
    .rollup({ amound_in_usd: aq.op.sum("amound_in_usd") })
    .orderby("country");
  return Object.fromEntries(sums.objects().map((row) => [row.country, row.amound_in_usd]));
}`;

const SAVED_DATA = `export const saved_data = datasaver((amount_per_country: aq.ColumnTable) => {
  files.write("saved_data.parquet", amount_per_country, "parquet");
  const metadata = { source: "notebook", format: "parquet" };
  return metadata;
});`;

/** The tutorial's two steps after raw_data as SQL nodes (SPEC.md §14): same rates, same sums. */
const PROCESSED_SQL = `/** Filter out rows before cutoff date and convert currency to USD. */
export const processed_data = sql((raw_data: aq.ColumnTable, cutoff_date: string) => \`
  SELECT *,
    CASE country
      WHEN 'Canada' THEN amount * 0.71
      WHEN 'Brazil' THEN amount * 0.18
      WHEN 'Mexico' THEN amount * 0.05
      ELSE amount
    END AS amound_in_usd
  FROM raw_data
  WHERE date > $cutoff_date -- a bound value, never pasted into the text
\`);`;

const AMOUNT_PER_COUNTRY_SQL = `/** Sum the amount in USD per country */
export const amount_per_country = sql((processed_data: aq.ColumnTable) => \`
  SELECT country, sum(amound_in_usd) AS amound_in_usd
  FROM processed_data
  GROUP BY country
  ORDER BY country
\`);`;

/** A query over a file of the file area, read by DuckDB where it is stored. */
const FLIGHTS_SQL = `import { sql } from "sluice";

/**
 * Upload a flights Parquet file as flights.parquet first (Files, or drop it on the page):
 * DuckDB reads it by name. Upload it again and this node runs again; otherwise it is a hit.
 */
export const delay_by_carrier = sql((min_flights: number) => \`
  SELECT carrier, count(*) AS flights, round(avg(dep_delay), 1) AS mean_delay
  FROM 'flights.parquet'
  WHERE NOT cancelled
  GROUP BY carrier
  HAVING count(*) >= $min_flights
  ORDER BY mean_delay DESC
\`);

/** Arquero and SQL mix: a plain node reads the SQL node's table. */
export function worst_carrier(delay_by_carrier) {
  return delay_by_carrier.get("carrier", 0);
}
`;

const IMPORT_AQ = `import * as aq from "arquero";`;

const module = (...parts: string[]): string => parts.join("\n\n") + "\n";

export const SOURCES = {
  sqlAggregates: module(IMPORT_AQ, `import { sql } from "sluice";`, DATA_10, RAW_DATA, PROCESSED_SQL, AMOUNT_PER_COUNTRY_SQL),
  sqlFlights: FLIGHTS_SQL,
  basics: module(IMPORT_AQ, DATA_5, RAW_DATA, PROCESSED_073),
  addingNode: module(IMPORT_AQ, DATA_5, RAW_DATA, PROCESSED_073, AMOUNT_PER_COUNTRY),
  changingCode: module(IMPORT_AQ, DATA_5, RAW_DATA, PROCESSED_071, AMOUNT_PER_COUNTRY),
  changingCode2: module(IMPORT_AQ, DATA_5, RAW_DATA, PROCESSED_ALL, AMOUNT_PER_COUNTRY),
  changingExternal: module(IMPORT_AQ, DATA_10, RAW_DATA, PROCESSED_ALL, AMOUNT_PER_COUNTRY),
  changingExternalDecorator: module(
    IMPORT_AQ,
    `import { cache } from "sluice";`,
    DATA_10,
    RAW_DATA_RECOMPUTE,
    PROCESSED_ALL,
    AMOUNT_PER_COUNTRY,
  ),
  materializers: module(
    IMPORT_AQ,
    `import { dataloader, datasaver, files } from "sluice";`,
    DATA_10,
    RAW_DATA_LOADER,
    PROCESSED_ALL,
    AMOUNT_PER_COUNTRY,
    SAVED_DATA,
  ),
  cacheFormat: module(
    IMPORT_AQ,
    `import { cache } from "sluice";`,
    DATA_10,
    RAW_DATA,
    PROCESSED_PARQUET,
    AMOUNT_PER_COUNTRY_SERIES,
  ),
} as const;
