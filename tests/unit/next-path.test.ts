import { describe, expect, it } from "vitest";
import { loginPathFor, safeNextPath } from "@/lib/next-path";

describe("safeNextPath", () => {
  it("keeps a path on this site with its query and fragment", () => {
    expect(safeNextPath("/containers/web")).toBe("/containers/web");
    expect(safeNextPath("/audit?container=web&outcome=refused#top")).toBe("/audit?container=web&outcome=refused#top");
  });

  it.each([
    ["an absolute URL", "https://evil.example/"],
    ["a protocol-relative URL", "//evil.example/x"],
    ["a backslash that browsers read as a slash", "/\\evil.example"],
    ["a tab that browsers drop", "/\t/evil.example"],
    ["a newline", "/\n/evil.example"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a relative path", "containers/web"],
    ["nothing", undefined],
    ["an array (repeated parameter)", ["/a", "/b"]],
    ["the login page itself", "/login?next=/x"],
    ["the setup page", "/setup"],
  ])("falls back to / for %s", (_what, raw) => {
    expect(safeNextPath(raw)).toBe("/");
  });

  it("resolves dot segments without leaving the site", () => {
    expect(safeNextPath("/../../etc/passwd")).toBe("/etc/passwd");
  });
});

describe("loginPathFor", () => {
  it("carries the page to come back to", () => {
    expect(loginPathFor("/audit?user=bob")).toBe("/login?next=%2Faudit%3Fuser%3Dbob");
  });

  it("is the bare login page for the home page, no page or a foreign one", () => {
    expect(loginPathFor("/")).toBe("/login");
    expect(loginPathFor(undefined)).toBe("/login");
    expect(loginPathFor("//evil.example")).toBe("/login");
  });
});
