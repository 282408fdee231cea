import { newWorkspaceId } from "./model";

/** What tabs of the same app tell each other about workspaces (BroadcastChannel, same origin only). */
export type TabMessage =
  | { type: "open"; tab: string; id: string | undefined }
  | { type: "here"; tab: string; id: string | undefined }
  | { type: "close"; tab: string }
  | { type: "saved"; tab: string; id: string; rev: number }
  | { type: "list"; tab: string };

type Outgoing = TabMessage extends infer M ? (M extends TabMessage ? Omit<M, "tab"> : never) : never;

export interface TabSync {
  tab: string;
  post(message: Outgoing): void;
  /** Other tabs and the workspace each has open. */
  peers(): ReadonlyMap<string, string | undefined>;
  dispose(): void;
}

const CHANNEL = "sluice-workspaces";

/**
 * Presence and change notices between tabs. A tab announces what it opens; the others answer
 * with theirs, so each knows who else has its workspace open. Without BroadcastChannel (very old
 * browsers) tabs simply do not hear each other; saves stay safe through revisions.
 */
export function createTabSync(onMessage: (message: TabMessage) => void, onPeers: () => void): TabSync {
  const tab = newWorkspaceId();
  const peers = new Map<string, string | undefined>();
  const channel = typeof BroadcastChannel === "undefined" ? undefined : new BroadcastChannel(CHANNEL);
  let open: string | undefined;
  const post = (message: Outgoing) => {
    if (message.type === "open") open = message.id;
    channel?.postMessage({ ...message, tab });
  };
  if (channel) {
    channel.onmessage = (event: MessageEvent<TabMessage>) => {
      const message = event.data;
      if (!message || message.tab === tab) return;
      if (message.type === "open" || message.type === "here") {
        const isNew = !peers.has(message.tab);
        peers.set(message.tab, message.id);
        if (message.type === "open" || isNew) channel.postMessage({ type: "here", tab, id: open });
        onPeers();
      } else if (message.type === "close") {
        peers.delete(message.tab);
        onPeers();
      }
      onMessage(message);
    };
  }
  return {
    tab,
    post,
    peers: () => peers,
    dispose() {
      channel?.postMessage({ type: "close", tab });
      channel?.close();
    },
  };
}
