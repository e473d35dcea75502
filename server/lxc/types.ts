// The container types live in lib/ so the browser can use them too.
export * from "@/lib/container-types";
