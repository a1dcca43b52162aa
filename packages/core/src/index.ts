// Browser-safe public API of @syraq/core, in the order of the folders' ranks (docs/architecture.md).
// Node-only helpers (file system, data directory, loaders) live in "@syraq/core/node".
export * from "./units.ts";
export * from "./errors.ts";
export * from "./util/strings.ts";
export * from "./util/random.ts";
export * from "./util/dates.ts";
// geo: geodesy, coordinates, lines and polygons
export * from "./geo/types.ts";
export * from "./geo/geodesic.ts";
export * from "./geo/coordinates.ts";
export * from "./geo/line.ts";
export * from "./geo/side.ts";
export * from "./geo/polygon.ts";
export * from "./geo/euphrates.ts";
// raster: the grid model, CRSs, cell sizes, vector <-> grid
export * from "./raster/raster.ts";
export * from "./raster/crs.ts";
export * from "./raster/cellsize.ts";
export * from "./raster/area.ts";
export * from "./raster/rasterize.ts";
export * from "./raster/distance.ts";
export * from "./raster/polygonize.ts";
export { warpRaster, warpedGrid } from "./raster/warp.ts";
export type { WarpOptions } from "./raster/warp.ts";
// io: GeoTIFF decoding and encoding (bytes in, bytes out)
export * from "./io/geotiff.ts";
export { writeCog, classNamesAuxXml, geoTiffGeoTags } from "./io/cog.ts";
export type { CogOptions } from "./io/cog.ts";
// gazetteer, zones, terrain
export * from "./gazetteer/types.ts";
export * from "./gazetteer/normalize.ts";
export * from "./gazetteer/gazetteer.ts";
export * from "./gazetteer/build.ts";
export * from "./zones/zone.ts";
export * from "./zones/syraq.ts";
export * from "./terrain/slope.ts";
export * from "./terrain/relief.ts";
export * from "./terrain/classes.ts";
export * from "./terrain/hillshade.ts";
// cost models
export * from "./cost/anisotropic.ts";
export * from "./cost/models.ts";
export * from "./cost/surface.ts";
// search engines over grids
export * from "./search/grid-moves.ts";
export * from "./search/grid-search.ts";
export { networkShortestPath } from "./routing/network-path.ts";
export type { NetworkPath, NetworkPathOptions } from "./routing/network-path.ts";
// routing: the route graph (terrain grid + roads + crossings + barriers)
export { parseCrossings, selectCrossings, crossingStateOn, findCrossing } from "./routing/crossings.ts";
export type {
  Crossing,
  CrossingKind,
  CrossingState,
  CrossingStatus,
  CrossingSelection,
  CrossingDecision,
} from "./routing/crossings.ts";
export { parseRoadLines, buildRoadNetwork, ROAD_CLASSES, OSM_HIGHWAY_CLASSES } from "./routing/network.ts";
export type {
  RoadClass,
  RoadLine,
  RoadNetwork,
  BuildNetworkOptions,
  NetworkNodeData,
  NetworkLinkData,
} from "./routing/network.ts";
export {
  buildOsmNetwork,
  roadNetworkFromCompact,
  mergeRoadNetworks,
  osmRoadTable,
  osmWayKind,
  parseMaxspeedKmh,
  DEFAULT_OSM_TABLE,
  OSM_WAY_TAG_KEYS,
  OSM_NODE_TAG_KEYS,
} from "./routing/osm.ts";
export type { CompactRoadNetwork, OsmRoadTable, OsmWayInput } from "./routing/osm.ts";
export { networkOnlyRoute, networkOnlyBetween, nearestRoadNode } from "./routing/network-route.ts";
export type { NetworkOnlyRoute, NetworkOnlyEnd } from "./routing/network-route.ts";
export { rasteriseBarriers, sideOfLines, seaMask } from "./routing/barriers.ts";
export type { BarrierSource, BarrierRaster } from "./routing/barriers.ts";
export { routeModel, ROUTE_MODEL_NAMES, ROUTE_MODEL_ALIASES } from "./routing/route-models.ts";
export type { RouteModel, RoadSpeedTable } from "./routing/route-models.ts";
export {
  buildRouteGraph,
  modelCosts,
  closedEdgesFor,
  freeCellFor,
  nodePosition,
} from "./routing/routegraph.ts";
export type { RouteGraph, ModelCosts, LandMask, BuildRouteGraphInput } from "./routing/routegraph.ts";
export { prepareLandmarks, heuristicTo, HEURISTIC_RADIUS_METRES } from "./routing/landmarks.ts";
export type { Landmarks } from "./routing/landmarks.ts";
export { searchLeg } from "./routing/leg-search.ts";
export type { LegSearch } from "./routing/leg-search.ts";
export { coarseToFineRoute } from "./routing/routegraph-coarse.ts";
export type { CoarseToFineInput, CoarseToFineResult } from "./routing/routegraph-coarse.ts";
export { buildSkeleton, roadBuildingModel } from "./routing/skeleton.ts";
export type { SkeletonRoad } from "./routing/skeleton.ts";
export { packBarriersFromGeoJson, landMaskFromGeoJson } from "./routing/pack-layers.ts";
// control: dated fronts (and control areas)
export * from "./control/front.ts";
export * from "./control/areas.ts";
// analysis
export * from "./analysis/depth.ts";
export * from "./analysis/accumulate.ts";
export * from "./analysis/path.ts";
export { findRoute, routeToGeoJson, snapPoint, isAtSea, pointAtSea } from "./analysis/route.ts";
export type { RoutePoint, RouteResult, RouteLeg, RouteSegment, SegmentType, RouteQuery } from "./analysis/route.ts";
export { isochrones, isochronesToGeoJson } from "./analysis/isochrone.ts";
export * from "./analysis/control-route.ts";
export type { IsochroneResult, IsochroneBand, IsochroneQuery } from "./analysis/isochrone.ts";
export { corridor, corridorToGeoJson, pathCost } from "./analysis/corridor.ts";
export type { CorridorResult, CorridorRoute, CorridorQuery } from "./analysis/corridor.ts";
export { routeDepth, frontCells } from "./analysis/route-depth.ts";
export type { RouteDepthResult, RouteDepthQuery } from "./analysis/route-depth.ts";
export * from "./analysis/bounded.ts";
export * from "./analysis/ensemble.ts";
// figures: the figure protocol (spec, payload, analyses, colour ramp)
export * from "./figures/spec.ts";
export * from "./figures/ramp.ts";
export * from "./figures/analyses.ts";
export * from "./figures/schema.ts";
