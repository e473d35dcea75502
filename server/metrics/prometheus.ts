import type { HostRaw } from "./types";
import type { ContainerRaw } from "./types";

/**
 * The Prometheus text exposition format (version 0.0.4): a HELP and a TYPE
 * line per metric family, then its samples. Counters are the kernel's
 * cumulative values (Prometheus computes the rates and sees resets itself);
 * a value unavailable now is left out rather than sent as 0.
 */
interface Family {
  name: string;
  help: string;
  type: "counter" | "gauge";
  samples: Array<{ labels: Record<string, string>; value: number }>;
}

/** Label values escape backslash, double quote and newline. */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function render(families: Family[]): string {
  const out: string[] = [];
  for (const f of families) {
    out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",");
      out.push(`${f.name}${labels ? `{${labels}}` : ""} ${Number.isFinite(s.value) ? s.value : "NaN"}`);
    }
  }
  return out.join("\n") + "\n";
}

export interface Exposition {
  containers: Array<{ name: string; raw: ContainerRaw }>;
  host: HostRaw | undefined;
  lastRoundMs: number | null;
}

export function prometheusText({ containers, host, lastRoundMs }: Exposition): string {
  const families: Family[] = [];
  const family = (name: string, type: Family["type"], help: string) => {
    const f: Family = { name, help, type, samples: [] };
    families.push(f);
    return f;
  };
  const up = family("lxc_container_running", "gauge", "1 for each running container the dashboard samples.");
  const cpu = family("lxc_container_cpu_seconds_total", "counter", "CPU time used by the container's cgroup, in seconds.");
  const mem = family("lxc_container_memory_bytes", "gauge", "Memory charged to the container's cgroup, in bytes.");
  const limit = family("lxc_container_memory_limit_bytes", "gauge", "The container's memory limit, in bytes (absent when it has none).");
  const swap = family("lxc_container_memory_swap_bytes", "gauge", "The container's memory in swap, in bytes.");
  const anon = family("lxc_container_memory_anon_bytes", "gauge", "Anonymous memory of the container, in bytes.");
  const file = family("lxc_container_memory_file_bytes", "gauge", "Page cache of the container, in bytes.");
  const pids = family("lxc_container_processes", "gauge", "Processes (tasks) in the container's cgroup.");
  const io = {
    readBytes: family("lxc_container_block_read_bytes_total", "counter", "Bytes read from block devices by the container."),
    writeBytes: family("lxc_container_block_write_bytes_total", "counter", "Bytes written to block devices by the container."),
    readOps: family("lxc_container_block_reads_total", "counter", "Block device read operations of the container."),
    writeOps: family("lxc_container_block_writes_total", "counter", "Block device write operations of the container."),
  };
  const net = {
    rxBytes: family("lxc_container_network_receive_bytes_total", "counter", "Bytes the container received, per interface (its host-side veth)."),
    txBytes: family("lxc_container_network_transmit_bytes_total", "counter", "Bytes the container sent, per interface (its host-side veth)."),
    rxPackets: family("lxc_container_network_receive_packets_total", "counter", "Packets the container received, per interface."),
    txPackets: family("lxc_container_network_transmit_packets_total", "counter", "Packets the container sent, per interface."),
  };
  for (const { name, raw } of [...containers].sort((a, b) => a.name.localeCompare(b.name))) {
    const labels = { container: name };
    const c = raw.counters;
    up.samples.push({ labels, value: 1 });
    if (c.cpuNs.ok) cpu.samples.push({ labels, value: c.cpuNs.value / 1e9 });
    if (c.memory.ok) {
      mem.samples.push({ labels, value: c.memory.value.current });
      if (c.memory.value.limit !== null) limit.samples.push({ labels, value: c.memory.value.limit });
    }
    if (c.swap.ok) swap.samples.push({ labels, value: c.swap.value });
    if (c.memoryKinds.ok) {
      anon.samples.push({ labels, value: c.memoryKinds.value.anon });
      file.samples.push({ labels, value: c.memoryKinds.value.file });
    }
    if (c.pids.ok) pids.samples.push({ labels, value: c.pids.value });
    if (c.io.ok) for (const key of ["readBytes", "writeBytes", "readOps", "writeOps"] as const) io[key].samples.push({ labels, value: c.io.value[key] });
    if (raw.net.ok) {
      for (const [iface, counters] of [...raw.net.value].sort(([a], [b]) => a.localeCompare(b))) {
        for (const key of ["rxBytes", "txBytes", "rxPackets", "txPackets"] as const) net[key].samples.push({ labels: { container: name, interface: iface }, value: counters[key] });
      }
    }
  }
  if (host) {
    family("lxc_host_memory_total_bytes", "gauge", "The host's memory, in bytes.").samples.push({ labels: {}, value: host.memTotal });
    family("lxc_host_memory_available_bytes", "gauge", "The host's available memory (MemAvailable), in bytes.").samples.push({ labels: {}, value: host.memAvailable });
    family("lxc_host_swap_used_bytes", "gauge", "The host's swap in use, in bytes.").samples.push({ labels: {}, value: host.swapUsed });
    family("lxc_host_load1", "gauge", "The host's load average over 1 minute.").samples.push({ labels: {}, value: host.load1 });
    if (host.disk.ok) {
      family("lxc_host_lxcpath_free_bytes", "gauge", "Free bytes on the file system of the lxcpath.").samples.push({ labels: {}, value: host.disk.value.free });
      family("lxc_host_lxcpath_size_bytes", "gauge", "Size of the file system of the lxcpath, in bytes.").samples.push({ labels: {}, value: host.disk.value.total });
    }
  }
  if (lastRoundMs !== null) {
    family("lxc_dashboard_last_sample_timestamp_seconds", "gauge", "When the dashboard last sampled the counters, in seconds since the epoch.").samples.push({ labels: {}, value: lastRoundMs / 1000 });
  }
  return render(families);
}
