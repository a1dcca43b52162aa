// Node-only API: file-system access to the data pack and project data.
export * from "./index.ts";
export * from "./io/node/datadir.ts";
export * from "./io/node/manifest.ts";
export * from "./io/node/raster-file.ts";
export * from "./io/node/gazetteer.ts";
export * from "./io/node/regional.ts";
export * from "./io/node/dem.ts";
export * from "./io/node/terrain-layers.ts";
export * from "./io/node/routegraph.ts";
