// Browser-safe public API of @syraq/core. Node-only helpers (file system, data
// directory) live in "@syraq/core/node".
export * from "./units.ts";
export * from "./errors.ts";
export * from "./util/strings.ts";
export * from "./io/raster.ts";
export * from "./io/geotiff.ts";
export * from "./geo/types.ts";
export * from "./geo/geodesic.ts";
export * from "./geo/coordinates.ts";
export * from "./geo/line.ts";
export * from "./analysis/side.ts";
export * from "./analysis/euphrates.ts";
export * from "./analysis/depth.ts";
export * from "./zones/zone.ts";
export * from "./zones/syraq.ts";
export * from "./gazetteer/types.ts";
export * from "./gazetteer/normalize.ts";
export * from "./gazetteer/gazetteer.ts";
export * from "./gazetteer/build.ts";
export * from "./gazetteer/polygon.ts";
export * from "./io/crs.ts";
export * from "./terrain/cellsize.ts";
export * from "./terrain/slope.ts";
export * from "./terrain/hillshade.ts";
