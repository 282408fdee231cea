/**
 * Giving memory back at once instead of at the next garbage collection (issue 13). A worker that
 * allocates little JavaScript collects rarely, so a 100 MB buffer it is done with can stay
 * resident through the next run; detaching a buffer frees its memory when it is detached.
 * Only for buffers whose owner is certain: nothing else may hold a view on them.
 */
type Transferring = ArrayBuffer & { transfer?(length?: number): ArrayBuffer };

/** Detaches `buffer` (a zero-length buffer afterwards), freeing its memory now. */
export function releaseBuffer(buffer: ArrayBufferLike | undefined): void {
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0) return;
  const transfer = (buffer as Transferring).transfer;
  // ES2024; where it is missing (Node 20), moving it into a clone that is dropped detaches it too.
  if (typeof transfer === "function") transfer.call(buffer, 0);
  else structuredClone(buffer, { transfer: [buffer] });
}

/** Releases the whole buffer under `bytes`: for bytes that were moved here whole and are written. */
export function releaseBytes(bytes: ArrayBufferView | undefined): void {
  releaseBuffer(bytes?.buffer);
}
