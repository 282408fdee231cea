export declare function initialJs(dir: string): { urls: string[]; files: Buffer[]; gzipBytes: number };
