// The zstd encoder's wasm as bytes, bundled inline (vite.realm.ts makes `virtual:zstd-wasm`): the
// compute realm that encodes results has no network, so nothing can be fetched at run time.
import zstdWasmBase64 from "virtual:zstd-wasm";

export function zstdWasmBytes(): Uint8Array {
  return Uint8Array.from(atob(zstdWasmBase64), (c) => c.charCodeAt(0));
}
