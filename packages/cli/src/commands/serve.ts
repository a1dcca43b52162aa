import { SyraqError } from "@syraq/core";
import type { CommandSpec } from "../command.ts";

export const serveCommand: CommandSpec = {
  name: "serve",
  summary:
    "a warm engine over HTTP: OSRM-compatible /route, /table and /nearest, Valhalla-compatible /isochrone, Syraq's JSON API",
  description: [
    "Loads the data pack, the DEM and the route graph once per worker thread, then answers over HTTP until",
    "SIGTERM or SIGINT: GET /route/v1/{profile}/{lon,lat;…}, /table/v1/… and /nearest/v1/… as OSRM v1 (profiles",
    "driving, foot, walking and the Syraq models; extras date, closed, open), POST /isochrone as Valhalla,",
    "POST /syraq/v1/{where|distance|depth|zone|route|isochrone|corridor} with the JSON of the CLI's --json,",
    "GET /health, GET /openapi.json. Binds 127.0.0.1 by default. See docs/serve-and-batch.md.",
  ].join("\n"),
  args: [],
  options: [
    { name: "host", type: "string", default: "127.0.0.1", placeholder: "ADDRESS", description: "address to listen on" },
    { name: "port", type: "number", default: 5000, placeholder: "N", description: "port (0 = any free port)" },
    {
      name: "workers",
      type: "number",
      placeholder: "N",
      description: "worker threads, each with its own route graph (default: the machine's cores, at most 4)",
    },
    {
      name: "time-limit-seconds",
      aliases: ["time-limit"],
      type: "number",
      default: 30,
      unit: "seconds",
      placeholder: "S",
      description: "per-request time limit; a request past it is answered 504 and its worker replaced",
    },
  ],
  examples: [
    "syraq serve",
    "syraq serve --port 8080 --workers 2",
    "curl 'http://127.0.0.1:5000/route/v1/driving/39.01,35.95;38.27,34.56?overview=full&geometries=geojson'",
  ],
  async run(ctx) {
    const o = ctx.options;
    const port = Number(o.port);
    if (!(Number.isInteger(port) && port >= 0 && port <= 65535))
      throw new SyraqError("BAD_OPTION", `--port must be an integer from 0 to 65535; got ${port}`, { port });
    const timeLimit = Number(o["time-limit-seconds"]);
    if (!(timeLimit > 0 && timeLimit <= 3600))
      throw new SyraqError(
        "BAD_OPTION",
        `--time-limit-seconds must be between 0 and 3600 seconds; got ${timeLimit}`,
        {},
      );
    const workers = o.workers === undefined ? undefined : Number(o.workers);
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 64))
      throw new SyraqError("BAD_OPTION", `--workers must be an integer from 1 to 64; got ${workers}`, { workers });
    const host = String(o.host);
    const { startServer, isLoopback } = await import("../serve/server.ts");
    const { taskErrorToSyraq } = await import("../shared/pool.ts");
    if (!isLoopback(host))
      ctx.err(
        `warning: listening on ${host}, not a loopback address: anyone who can reach this machine can query the engine (no authentication, no TLS)`,
      );
    let running: Awaited<ReturnType<typeof startServer>>;
    try {
      running = await startServer({
        dataDir: ctx.dataDir(),
        host,
        port,
        ...(workers ? { workers } : {}),
        timeLimitSeconds: timeLimit,
      });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err?.code === "EADDRINUSE")
        throw new SyraqError("BAD_OPTION", `port ${port} on ${host} is in use; choose another with --port`, { port });
      if (err?.code === "EADDRNOTAVAIL" || err?.code === "ENOTFOUND")
        throw new SyraqError("BAD_OPTION", `cannot listen on ${host}: no such local address`, { host });
      throw taskErrorToSyraq(e);
    }
    // the line a script waits for: the URL, printed once every worker is ready
    ctx.out(`syraq serve: ready at ${running.url} (loaded in ${(running.readyMs / 1000).toFixed(1)} s)`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off("SIGTERM", stop);
        process.off("SIGINT", stop);
        ctx.err("syraq serve: stopping (finishing requests in flight)");
        void running.close().then(resolve);
      };
      process.on("SIGTERM", stop);
      process.on("SIGINT", stop);
    });
    return { json: { stopped: true, url: running.url }, text: "syraq serve: stopped" };
  },
};
