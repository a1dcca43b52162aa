// What io/node/vector.ts uses of packages that ship no TypeScript declarations.
declare module "shapefile" {
  export function read(
    shp: string,
    dbf?: string,
    options?: { encoding?: string },
  ): Promise<{ type: "FeatureCollection"; features: unknown[]; bbox?: number[] }>;
}
declare module "sql.js" {
  interface Statement {
    step(): boolean;
    getAsObject(): Record<string, unknown>;
    free(): void;
  }
  interface Database {
    prepare(sql: string): Statement;
    exec(sql: string): Array<{ columns: string[]; values: unknown[][] }>;
    close(): void;
  }
  interface SqlJsStatic {
    Database: new (data?: Uint8Array) => Database;
  }
  export default function initSqlJs(config?: { locateFile?(file: string): string }): Promise<SqlJsStatic>;
}
