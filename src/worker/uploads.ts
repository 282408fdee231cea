import { SluiceError, type FileArea, type FileInfo } from "../engine";

/** Tells the page how much of an upload is stored. */
export type UploadReport = (loaded: number, total: number) => void;

/** Progress goes to the page at most this often (and once at the end). */
const REPORT_EVERY_MS = 100;

/**
 * Uploads in flight in the engine worker: each streams its File into the file area, reports
 * progress now and then, and stops at the next chunk when cancelled (its partial body removed).
 */
export function createUploads() {
  const cancelled = new Set<number>();
  const live = new Set<number>();
  return {
    async upload(files: FileArea, requestId: number, name: string, file: Blob, report: UploadReport): Promise<FileInfo> {
      live.add(requestId);
      let last = 0;
      const onProgress = (loaded: number) => {
        if (cancelled.has(requestId)) throw new SluiceError("CANCELLED", `Upload of \`${name}\` cancelled`);
        const now = performance.now();
        if (now - last < REPORT_EVERY_MS && loaded < file.size) return;
        last = now;
        report(loaded, file.size);
      };
      try {
        report(0, file.size);
        return await files.upload(name, file, onProgress);
      } finally {
        live.delete(requestId);
        cancelled.delete(requestId);
      }
    },
    cancel(requestId: number): boolean {
      if (!live.has(requestId)) return false;
      cancelled.add(requestId);
      return true;
    },
  };
}
