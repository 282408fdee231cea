export declare const CHROMIUM_ARGS: string[];
export declare function findChromium(): { path: string; source: "env" | "system" | "playwright" } | undefined;
export declare function chromiumLaunchOptions(): { executablePath: string | undefined; args: string[] };
