#!/usr/bin/env node
import { run } from "./run.ts";

const status = await run(process.argv.slice(2));
process.exitCode = status;
