/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native addons and the Prisma client are loaded by Node at run time, not bundled.
  serverExternalPackages: ["node-pty", "better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/client"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};
export default nextConfig;
