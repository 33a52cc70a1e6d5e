// The build goes to CF_WEB_OUT (the CMake build folder embeds it into the binary), else dist/.
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: process.env.CF_WEB_OUT || "dist",
    emptyOutDir: true,
    assetsDir: "assets", // hashed names, served with a one-year immutable cache
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    globals: true,
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
