import { revokeGrant, selectGrants, networkStore } from "../state/network";
import { useStore } from "../state/store";

/** The origins this workspace's code asked to fetch from, with the answer given; each can be revoked. */
export function NetworkSettings() {
  const grants = useStore(networkStore, selectGrants);
  const origins = Object.keys(grants).sort();
  return (
    <fieldset className="sl-settings-group" data-testid="network-settings">
      <legend>This workspace's network</legend>
      {origins.length === 0 && <div className="sl-muted">No origin asked yet. Code that fetches (fetchTable) asks first, once per origin.</div>}
      {origins.map((origin) => (
        <div key={origin} className="sl-settings-row" data-testid="network-grant" data-origin={origin} data-grant={grants[origin]}>
          <span className="sl-mono">{origin}</span>
          <span className={grants[origin] === "allow" ? "sl-count-cached" : "sl-count-failed"}>{grants[origin] === "allow" ? "allowed" : "refused"}</span>
          <button type="button" data-testid="network-revoke" onClick={() => revokeGrant(origin)} title="Forget the answer: the next fetch asks again">
            Forget
          </button>
        </div>
      ))}
    </fieldset>
  );
}
