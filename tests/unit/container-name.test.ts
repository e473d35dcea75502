import { describe, expect, it } from "vitest";
import { containerNameProblem } from "@/lib/container-name";

describe("container name schema", () => {
  it.each(["web", "a", "web-1", "A9", "x".repeat(63), "1a"])("accepts %s", (n) => {
    expect(containerNameProblem(n)).toBeNull();
  });
  it.each(["../etc", "a/b", "-n", "--help", "a;id", "$(id)", "a b", "", "x".repeat(64), "é", "123", "web-", 42, null])(
    "refuses %s",
    (n) => {
      expect(containerNameProblem(n)).toEqual(expect.any(String));
    },
  );
});
