import { describe, expect, it } from "vitest";
import { chooseImageServer, ONLY_ADMIN_CHOOSES_SERVER } from "@/lib/image-server-choice";

describe("the image server a page reads", () => {
  it("is the one an admin names", () => {
    expect(chooseImageServer("10.0.3.1:8443", "admin")).toEqual({ server: "10.0.3.1:8443", error: null });
  });

  it("is the default for a viewer who names another host or port, with the reason", () => {
    for (const asked of ["10.0.3.1:22", "127.0.0.1:6379", "mirror.lan", "images.linuxcontainers.org:8443"]) {
      expect(chooseImageServer(asked, "viewer")).toEqual({ server: "", error: ONLY_ADMIN_CHOOSES_SERVER });
    }
  });

  it("lets a viewer name the default server itself", () => {
    expect(chooseImageServer("images.linuxcontainers.org", "viewer")).toEqual({ server: "images.linuxcontainers.org", error: null });
    expect(chooseImageServer("", "viewer")).toEqual({ server: "", error: null });
  });

  it("refuses what is not a host name, for anyone", () => {
    expect(chooseImageServer("http://x/", "admin")).toMatchObject({ server: "", error: expect.stringContaining("host name") });
  });
});
