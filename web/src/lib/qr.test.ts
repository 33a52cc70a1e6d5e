import { expect, it } from "vitest";
import { qrUrl } from "./qr";

it("encodes the URL as unpadded base64url", () => {
  expect(qrUrl("https://a.example/join/AbCd-EfGh-IjKl?x=1")).toBe(
    "/qr_code/aHR0cHM6Ly9hLmV4YW1wbGUvam9pbi9BYkNkLUVmR2gtSWpLbD94PTE",
  );
  expect(qrUrl("é")).toBe("/qr_code/w6k");
});
