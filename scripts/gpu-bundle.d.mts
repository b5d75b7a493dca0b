/** Types of scripts/gpu-bundle.mjs (for test/gpu-bundle.test.ts). */
export declare const ENTRIES: Record<string, string>;
export declare function relocateImportMetaUrl(root: string): unknown;
export declare function buildApp(app: string, opts?: { commit?: string; date?: string; optional?: boolean }): Promise<{ inputs: string[]; assets: string[] }>;
