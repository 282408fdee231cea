/**
 * For Node tests of the worker session: sessions whose runs cross a real MessageChannel into a
 * compute realm, as in the browser. Call `closeAll` after each test.
 */
import { createInProcessRealm } from "../realm/testing";
import { createSession } from "./session";

export function realmSessions() {
  const realms: ReturnType<typeof createInProcessRealm>[] = [];
  return {
    create() {
      const realm = createInProcessRealm();
      realms.push(realm);
      return createSession(realm.client);
    },
    closeAll: () => realms.splice(0).forEach((realm) => realm.close()),
  };
}
