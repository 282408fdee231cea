import { networkQuestions, networkStore, setGrant, type Grant } from "../state/network";

const granted = (origin: string): Grant | undefined => networkStore.get().grants[origin];

/**
 * The page's answer to the engine worker's "may node code fetch from this origin?": a kept
 * grant answers at once; otherwise the visitor is asked (once per origin, however many nodes
 * ask meanwhile) and the answer is kept.
 */
export function askVisitor(origin: string, url: string): Promise<boolean> {
  const known = granted(origin);
  if (known) return Promise.resolve(known === "allow");
  networkQuestions.set((s) => (s.asking.some((q) => q.origin === origin) ? s : { asking: [...s.asking, { origin, url }] }));
  return new Promise((resolve) => {
    const unsubscribe = networkStore.subscribe(() => {
      const grant = granted(origin);
      if (!grant) return;
      unsubscribe();
      resolve(grant === "allow");
    });
  });
}

/** The visitor answered the question about `origin`. */
export function answerQuestion(origin: string, allow: boolean): void {
  networkQuestions.set((s) => ({ asking: s.asking.filter((q) => q.origin !== origin) }));
  setGrant(origin, allow ? "allow" : "deny");
}
