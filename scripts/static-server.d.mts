import type { Server } from "node:http";
export declare function serveStatic(dir: string, prefix?: string): Promise<{ server: Server; url: string; close(): Promise<void> }>;
