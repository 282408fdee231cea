/** Summaries of CDP CPU profiles, shared by bench/profile.mjs (engine worker) and bench/ui.mjs (page). */

/** Time with each function anywhere on the stack (counted once per sample). */
function topInclusive(profile, byId, limit) {
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const names = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id).callFrame;
      names.add(`${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`);
    }
    for (const k of names) incl.set(k, (incl.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  console.log("-- inclusive");
  for (const [k, ms] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, limit)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
}

/** Prints a CDP CPU profile's top functions, with time on the stack and self time. */
export function printProfile(profile, limit = 30) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  topInclusive(profile, byId, limit * 2);
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const f = node.callFrame;
    const key = `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log("-- self");
  console.log(`total sampled ${Math.round(total)} ms`);
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, limit)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
}

