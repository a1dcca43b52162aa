// Node-only API of @syraq/core: file-system access to the data pack and the project's data,
// and the loaders that build the library's objects from files. Everything browser-safe is re-exported.
export * from "./index.ts";
export * from "./io/node/datadir.ts";
export * from "./io/node/manifest.ts";
export * from "./io/node/geojson.ts";
export * from "./io/node/raster-file.ts";
export * from "./io/node/raster-grid.ts";
export * from "./io/node/atomic.ts";
export * from "./io/node/memory.ts";
export * from "./io/node/dem.ts";
export * from "./io/node/pack.ts";
export * from "./gazetteer/node/load.ts";
export * from "./zones/node/load.ts";
export * from "./terrain/node/layers.ts";
export * from "./control/node/load.ts";
export * from "./control/node/areas.ts";
export * from "./routing/node/load.ts";
export * from "./io/node/osm-pbf.ts";
export * from "./io/node/vector.ts";
export * from "./io/node/cog-file.ts";
export * from "./raster/node/epsg.ts";
export * from "./routing/node/osm-load.ts";
export * from "./routing/node/user-roads.ts";
