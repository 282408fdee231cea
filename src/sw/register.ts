/**
 * Registers the service worker of the build (src/sw/serviceWorker.ts) so the app opens offline
 * after a first visit. Production builds only: in dev it would serve stale modules. After load, so
 * precaching never competes with the first paint; a failure only loses offline use, never the app.
 */
import { SERVICE_WORKER } from "./serviceWorker";

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  const register = () => {
    // Relative to the page, so its scope is wherever the app is served.
    navigator.serviceWorker.register(new URL(SERVICE_WORKER, document.baseURI).href).catch((error: unknown) => {
      console.warn("Sluice works online only: the service worker did not register.", error);
    });
  };
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}

/**
 * Whether this page's requests go through the app's own service worker (not, say, one a host
 * runs for a parent folder): only then does the compute realm's page come with its sandbox header.
 */
export function controlledByAppWorker(): boolean {
  const controller = typeof navigator === "undefined" ? null : navigator.serviceWorker?.controller;
  return controller?.scriptURL === new URL(SERVICE_WORKER, document.baseURI).href;
}
