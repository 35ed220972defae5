#!/usr/bin/env node
// Example agent harness for the Martin360 control channel (protocol: docs/control.md).
//
// It subscribes to its run on /hubs/control with the @microsoft/signalr client and stops the moment a "stop"
// verdict arrives: a human pressing Stop in the dashboard, or a policy stopping the run. With --steps it also
// plays a small agent loop that appends steps over HTTP and obeys the verdict each append returns; when an append
// answers needs_approval (the project's policy wants a human to approve that command or path), it pauses until the
// decision is pushed: approved -> it carries on, denied -> it stops.
//
//   node harness.mjs --url http://localhost:5360 --key <api key> --run <run id> [--create] [--steps 20] [--interval 1000]
//                    [--command "echo step {i}"] [--timeout 600]
//
// --command is the shell command each step reports ({i} is the step number).
// Every event is printed as one JSON line on stdout:
// {"event":"joined"|"verdict"|"approval"|"append"|"waiting"|"resumed"|"stopped"|"done"|"error", ...}.
// Exit codes: 0 finished or stopped as told, 1 error, 2 timed out waiting.
import * as signalR from "@microsoft/signalr";

const args = parseArgs(process.argv.slice(2));
const url = (args.url ?? process.env.MARTIN360_URL ?? "http://localhost:5360").replace(/\/$/, "");
const key = args.key ?? process.env.MARTIN360_API_KEY;
const runId = args.run;
const steps = Number(args.steps ?? 0);
const interval = Number(args.interval ?? 1000);
const timeoutSeconds = Number(args.timeout ?? 600);
const commandTemplate = typeof args.command === "string" ? args.command : "echo step {i}";

if (!key || !runId) {
  console.error("usage: node harness.mjs --url <base url> --key <api key> --run <run id> [--create] [--steps N] [--interval ms] [--command text] [--timeout s]");
  process.exit(1);
}

const print = (event, data = {}) => console.log(JSON.stringify({ event, at: new Date().toISOString(), ...data }));

// A stop from either channel (push or append answer) aborts whatever the agent is doing, including a sleep.
const stop = new AbortController();
let stopVerdict = null;
const obey = (verdict, via) => {
  if (verdict.action === "stop" && !stopVerdict) {
    stopVerdict = verdict;
    print("stopped", { via, runId, reasons: verdict.reasons });
    stop.abort();
  }
};

async function api(path, body) {
  const response = await fetch(`${url}/api/v1/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Api-Key": key },
    body: JSON.stringify(body ?? {}),
  });
  if (!response.ok) {
    throw new Error(`${response.status} from ${path}: ${await response.text()}`);
  }
  return response.json();
}

const connection = new signalR.HubConnectionBuilder()
  // The key goes in the X-Api-Key header (Node can set headers on every transport); browsers would use
  // accessTokenFactory instead, which sends it as a bearer token / access_token query parameter.
  .withUrl(`${url}/hubs/control`, { headers: { "X-Api-Key": key } })
  .withAutomaticReconnect()
  .configureLogging(signalR.LogLevel.Warning)
  .build();

// Every pushed verdict, in order: a paused agent reads the ones that arrive after it started waiting.
const pushed = [];
let onPushed = () => {};

connection.on("verdict", (verdict) => {
  print("verdict", verdict);
  pushed.push(verdict);
  obey(verdict, "push");
  onPushed();
});

// {runId, approvalId, status: pending|approved|denied, step, kind: command|path, subject, reason, decidedBy, decidedAt}
connection.on("approval", (approval) => print("approval", approval));

// The step waits for a human: ask for the verdict as it stands (it may have been decided already), then take
// pushed verdicts until one is not needs_approval. Approved -> continue/warn; denied -> stop (obey() aborts).
async function awaitDecision(step) {
  const from = pushed.length;
  let current = await connection.invoke("JoinRun", runId);
  for (let next = from; current.action === "needs_approval" && !stop.signal.aborted; ) {
    if (next < pushed.length) {
      current = pushed[next++];
      continue;
    }
    await new Promise((resolve) => {
      onPushed = resolve;
      stop.signal.addEventListener("abort", resolve, { once: true });
    });
  }
  obey(current, "push");
  if (!stopVerdict) {
    print("resumed", { step, action: current.action, reasons: current.reasons });
  }
}

// Groups do not survive a reconnect (it is a new connection): join again.
connection.onreconnected(async () => {
  const current = await connection.invoke("JoinRun", runId);
  print("joined", current);
  obey(current, "join");
});

const timer = setTimeout(() => {
  print("error", { message: `no stop within ${timeoutSeconds} s` });
  process.exit(2);
}, timeoutSeconds * 1000);

try {
  if (args.create) {
    await api("runs", { id: runId, agent: { name: "example-harness" }, task: { title: `Example harness run ${runId}` } });
  }

  await connection.start();
  const current = await connection.invoke("JoinRun", runId);
  print("joined", current);
  obey(current, "join");

  for (let i = 1; i <= steps && !stopVerdict; i++) {
    // A real harness reports the agent's next action here before running it (a model call, a tool call), so a
    // policy can hold it for a human's approval, and runs it once the verdict allows.
    const command = commandTemplate.replaceAll("{i}", String(i));
    const answer = await api(`runs/${encodeURIComponent(runId)}/steps`, {
      steps: [{ id: `h${i}`, sequence: i, kind: "shell_command", command }],
    });
    print("append", { step: i, verdict: answer.verdict });
    obey(answer.verdict, "append");
    if (answer.verdict.action === "needs_approval" && !stopVerdict) {
      print("waiting", { step: i, reasons: answer.verdict.reasons });
      await awaitDecision(i);
    }
    await sleep(interval, stop.signal);
  }

  if (steps > 0) {
    await api(`runs/${encodeURIComponent(runId)}/finish`, stopVerdict ? { status: "aborted", exitReason: "stopped by verdict" } : { status: "completed" });
    print("done", { runId, stopped: !!stopVerdict });
  } else {
    // Watch only: wait for the stop.
    await new Promise((resolve) => (stop.signal.aborted ? resolve() : stop.signal.addEventListener("abort", resolve)));
  }

  clearTimeout(timer);
  await connection.stop();
  process.exit(0);
} catch (error) {
  print("error", { message: String(error?.message ?? error) });
  process.exit(1);
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
  });
}

function parseArgs(argv) {
  const result = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith("--")) continue;
    const name = argv[i].slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith("--")) result[name] = true;
    else { result[name] = next; i++; }
  }
  return result;
}
