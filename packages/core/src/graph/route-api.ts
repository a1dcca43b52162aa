// The route graph's public (browser-safe) API, re-exported from @syraq/core.
export { parseCrossings, selectCrossings, crossingStateOn, findCrossing, checkIsoDate } from "./crossings.ts";
export type {
  Crossing,
  CrossingKind,
  CrossingState,
  CrossingStatus,
  CrossingSelection,
  CrossingDecision,
} from "./crossings.ts";
export { parseRoadLines, buildRoadNetwork, ROAD_CLASSES, OSM_HIGHWAY_CLASSES } from "./network.ts";
export type { RoadClass, RoadLine, RoadNetwork } from "./network.ts";
export { rasteriseBarriers, sideOfLines, seaMask } from "./barriers.ts";
export type { BarrierSource, BarrierRaster } from "./barriers.ts";
export { cellsToPolygons } from "./cell-polygons.ts";
export { routeModel, ROUTE_MODEL_NAMES, ROUTE_MODEL_ALIASES } from "./route-models.ts";
export type { RouteModel, RoadSpeedTable } from "./route-models.ts";
export {
  buildRouteGraph,
  modelCosts,
  closedEdgesFor,
  freeCellFor,
  nodePosition,
  prepareLandmarks,
} from "./routegraph.ts";
export type { RouteGraph, ModelCosts, Landmarks, LandMask } from "./routegraph.ts";
export { buildSkeleton, roadBuildingModel } from "./skeleton.ts";
export { packBarriersFromGeoJson, landMaskFromGeoJson } from "./pack-layers.ts";
export type { SkeletonRoad } from "./skeleton.ts";
export { findRoute, routeToGeoJson, snapPoint, isAtSea, pointAtSea } from "../analysis/route.ts";
export type { RoutePoint, RouteResult, RouteLeg, RouteSegment, SegmentType } from "../analysis/route.ts";
export { isochrones, isochronesToGeoJson } from "../analysis/isochrone.ts";
export type { IsochroneResult, IsochroneBand } from "../analysis/isochrone.ts";
export { corridor, corridorToGeoJson, pathCost } from "../analysis/corridor.ts";
export type { CorridorResult, CorridorRoute } from "../analysis/corridor.ts";
export { routeDepth, frontCells } from "../analysis/route-depth.ts";
export type { RouteDepthResult } from "../analysis/route-depth.ts";
