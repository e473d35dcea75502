// Run by proc-signal-nonroot.test.ts as its non-root test user (the way the
// dashboard runs in non-root mode): calls signalContainerProcess with the
// JSON arguments [initPid, target, signal] and prints, as JSON, who it ran as
// and what was signalled or why it was refused.
import { SignalRefused } from "@/server/processes/procfs/errors";
import { signalContainerProcess, type ProcessSignal, type SignalTarget } from "@/server/processes/procfs/signal-process";

const [initPid, target, signal] = JSON.parse(process.argv[2] ?? "[]") as [number, SignalTarget, ProcessSignal];
const uid = process.getuid!();
try {
  console.log(JSON.stringify({ uid, sent: signalContainerProcess(initPid, target, signal) }));
} catch (error) {
  if (!(error instanceof SignalRefused)) throw error;
  console.log(JSON.stringify({ uid, refused: error.reason }));
}
