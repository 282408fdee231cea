/**
 * The benchmark's module texts (SPEC.md §10), generated so that the code-edit scenario differs
 * from the original in one literal only, and the chain can have any length.
 */

const CITIES = ["New York", "Los Angeles", "Chicago", "Montréal", "Vancouver", "Houston", "Phoenix", "Mexico City", "Chihuahua City", "Rio de Janeiro"];
const COUNTRIES = ["USA", "USA", "USA", "Canada", "Canada", "USA", "USA", "Mexico", "Mexico", "Brazil"];

export const STATS = 20;
export { CITIES, COUNTRIES };

/** The columns of raw_data; also used by the runner to size the data (Arrow IPC bytes). */
export function rawColumns(n_rows, CITIES, COUNTRIES) {
  const city = new Array(n_rows), country = new Array(n_rows), date = new Array(n_rows), amount = new Array(n_rows);
  for (let i = 0; i < n_rows; i++) {
    city[i] = CITIES[i % 10];
    country[i] = COUNTRIES[i % 10];
    date[i] = "2024-09-" + String((i % 30) + 1).padStart(2, "0");
    amount[i] = ((i * 7919) % 100000) / 100;
  }
  return { city, country, date, amount };
}

/** raw_data and what it needs, the same in the Arquero and the SQL dataflow. */
const RAW_DATA = `const CITIES = ${JSON.stringify(CITIES)};
const COUNTRIES = ${JSON.stringify(COUNTRIES)};

const rawColumns = ${rawColumns.toString()};

/** N transactions; cities and countries cycle, dates cycle through September 2024. */
export function raw_data(n_rows) {
  return aq.table(rawColumns(n_rows, CITIES, COUNTRIES));
}`;

/** The §10 dataflow; `canada` is the rate the code-edit scenario changes (0.73 → 0.71). */
export function dataflowSource(canada = 0.73) {
  const stats = Array.from({ length: STATS }, (_, k) => `
export function stat_${k}(processed_data) {
  return processed_data.params({ k: ${k} }).rollup({ s: (d, $) => op.sum(d.amount_in_usd * $.k) }).get("s", 0);
}`).join("\n");
  const statParams = Array.from({ length: STATS }, (_, k) => `stat_${k}`).join(", ");
  return `import * as aq from "arquero";
import { op } from "arquero";

${RAW_DATA}

/** Keep transactions after the cutoff and convert to USD. */
export function processed_data(raw_data, cutoff_date) {
  return raw_data
    .params({ cutoff_date })
    .filter((d, $) => d.date > $.cutoff_date)
    .derive({
      amount_in_usd: (d) =>
        d.country === "Canada" ? d.amount * ${canada.toFixed(2)}
        : d.country === "Brazil" ? d.amount * 0.18
        : d.country === "Mexico" ? d.amount * 0.05
        : d.amount,
    });
}

export function amount_per_country(processed_data) {
  return processed_data.groupby("country").rollup({ amount_in_usd: op.sum("amount_in_usd") });
}
${stats}

export function report(amount_per_country, ${statParams}) {
  return { countries: amount_per_country.objects(), stats: [${statParams}] };
}
`;
}

/**
 * The same dataflow with processed_data, amount_per_country and the stats as SQL nodes on DuckDB
 * (`--sql`, SPEC.md §14); raw_data and report stay Arquero, so both engines meet in one run.
 */
export function sqlDataflowSource(canada = 0.73) {
  const stats = Array.from({ length: STATS }, (_, k) => `
export const stat_${k} = sql((processed_data) => \`SELECT sum(amount_in_usd * ${k}) AS s FROM processed_data\`);`).join("\n");
  const statParams = Array.from({ length: STATS }, (_, k) => `stat_${k}`).join(", ");
  const statValues = Array.from({ length: STATS }, (_, k) => `stat_${k}.get("s", 0)`).join(", ");
  return `import * as aq from "arquero";
import { sql } from "sluice";

${RAW_DATA}

/** Keep transactions after the cutoff and convert to USD. */
export const processed_data = sql((raw_data, cutoff_date) => \`
  SELECT *,
    CASE country
      WHEN 'Canada' THEN amount * ${canada.toFixed(2)}
      WHEN 'Brazil' THEN amount * 0.18
      WHEN 'Mexico' THEN amount * 0.05
      ELSE amount
    END AS amount_in_usd
  FROM raw_data
  WHERE date > $cutoff_date\`);

export const amount_per_country = sql((processed_data) => \`
  SELECT country, sum(amount_in_usd) AS amount_in_usd FROM processed_data GROUP BY country ORDER BY country\`);
${stats}

export function report(amount_per_country, ${statParams}) {
  return { countries: amount_per_country.objects(), stats: [${statValues}] };
}
`;
}

/** A chain of `k` tiny scalar nodes: n_0(seed) -> n_1(n_0) -> ... ; request `n_${k - 1}`. */
export function chainSource(k) {
  const lines = ["export function n_0(seed) { return seed + 1; }"];
  for (let i = 1; i < k; i++) lines.push(`export function n_${i}(n_${i - 1}) { return n_${i - 1} + 1; }`);
  return lines.join("\n") + "\n";
}
