import { resolveLocation, type Gazetteer, type Location } from "@syraq/core";
import { loadGazetteer } from "@syraq/core/node";
import type { CommandContext } from "./command.ts";

/** The gazetteer of the command's data pack (cached per data directory). */
export function gazetteerFor(ctx: CommandContext): Gazetteer {
  return loadGazetteer(ctx.dataDir());
}

/**
 * Resolves each input (coordinate or place name) to a location. Coordinates do not
 * need the data pack: the gazetteer is loaded only when a name must be looked up.
 * Throws the first UNKNOWN_PLACE / AMBIGUOUS_PLACE / BAD_COORDINATE (exit 2).
 */
export function resolveLocations(ctx: CommandContext, inputs: string[], opts: { country?: string } = {}): Location[] {
  return inputs.map((input) => resolveLocation(input, () => gazetteerFor(ctx), opts));
}
