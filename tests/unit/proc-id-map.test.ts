import { describe, expect, it } from "vitest";
import { hostIdToNamespaceId, parseIdMap } from "@/server/processes/procfs/id-map";

describe("uid mapping through /proc/PID/uid_map", () => {
  // As a host process reads it: "ns_start host_start count".
  const map = parseIdMap(
    ["         0     100000       1000", "      1000     300000         10", "      1010     101010      64526", ""].join("\n"),
  );

  it("parses every range", () => {
    expect(map).toEqual([
      { nsStart: 0, hostStart: 100000, count: 1000 },
      { nsStart: 1000, hostStart: 300000, count: 10 },
      { nsStart: 1010, hostStart: 101010, count: 64526 },
    ]);
  });

  it.each([
    [100000, 0],
    [100999, 999],
    [300000, 1000],
    [300009, 1009],
    [101010, 1010],
    [165535, 65535],
  ])("maps host id %i to %i inside", (host, inside) => {
    expect(hostIdToNamespaceId(map, host)).toBe(inside);
  });

  it.each([0, 99999, 101000, 101009, 300010, 165536, 4294967294])("gives null for unmapped host id %i", (host) => {
    expect(hostIdToNamespaceId(map, host)).toBeNull();
  });

  it("gives equal numbers through a privileged container's map", () => {
    const privileged = parseIdMap("         0          0 4294967295\n");
    for (const id of [0, 1000, 100000, 4294967294]) expect(hostIdToNamespaceId(privileged, id)).toBe(id);
  });

  it("maps nothing through an empty map (a user namespace not yet set up)", () => {
    expect(hostIdToNamespaceId(parseIdMap(""), 0)).toBeNull();
  });
});
