/**
 * For Node tests: the compute realm served in this process over a real MessageChannel, so the
 * protocol, the backend calls and the transfers are the ones the browser uses. Never used by
 * the app, where the realm is an opaque-origin worker (frame.ts).
 */
import { createRealmClient } from "./client";
import { serveCompute } from "./compute";
import { noNetwork, type NetworkBroker } from "./serveBackend";

export function createInProcessRealm(network: NetworkBroker = noNetwork, sql?: { start: Parameters<typeof serveCompute>[1]; assets: Parameters<typeof createRealmClient>[2] }) {
  const channel = new MessageChannel();
  serveCompute(channel.port1, sql?.start);
  const client = createRealmClient(channel.port2, network, sql?.assets);
  return {
    client,
    close(): void {
      channel.port1.close();
      channel.port2.close();
    },
  };
}
