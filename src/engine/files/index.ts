export type { FileArea, FileBackend, FileFormat, FileInfo, StoredFile } from "./types";
export { createFileArea } from "./area";
export { createDexieFileArea, createMemoryFileArea } from "./backends";
export { fetchTable } from "./fetch";
export { formatFromName } from "./decode";
export type { FileReadOptions, FileWriteOptions } from "./options";
