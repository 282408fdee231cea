/** The zstd encoder's wasm in base64 (made by vite.realm.ts's zstdInlinePlugin). */
declare module "virtual:zstd-wasm" {
  const base64: string;
  export default base64;
}
