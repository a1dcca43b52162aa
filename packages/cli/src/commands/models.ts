import { describeCostModels } from "@syraq/core";
import type { CommandSpec } from "../command.ts";

export const modelsCommand: CommandSpec = {
  name: "models",
  summary: "list the travel-cost models (units, source, formula, parameters)",
  args: [],
  options: [],
  examples: ["syraq models", "syraq models --json"],
  run() {
    const models = describeCostModels();
    const text = models
      .map((m) =>
        [
          `${m.name}${m.anisotropic ? " (anisotropic)" : ""}: ${m.title}`,
          `  units: ${m.units}`,
          `  formula: ${m.formula}`,
          `  source: ${m.source}`,
          ...m.parameters.map((p) => `  ${p.name} = ${p.value} ${p.unit}: ${p.description}`),
        ].join("\n"),
      )
      .join("\n\n");
    return { json: { models }, text };
  },
};
