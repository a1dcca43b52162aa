#!/usr/bin/env node
// The `syraq` command. Help and --version answer from the command descriptions alone (launch.ts); anything else
// loads the runner, @syraq/core and the one command's module.
import { answerWithoutRunning, manifestCommands } from "./launch.ts";

const argv = process.argv.slice(2);
const commands = manifestCommands();
const answered = commands && answerWithoutRunning(argv, commands, (t) => process.stdout.write(t));
if (answered !== undefined) process.exitCode = answered;
else {
  const { run } = await import("./run.ts");
  process.exitCode = await run(argv, undefined, commands);
}
