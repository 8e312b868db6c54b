import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tar, tarGz } from "../../../test/fixtures/runtime/fake-packages.js";
import { MlshipError } from "../../lib/errors.js";
import { extractTarball } from "./extract-tarball.js";

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "mlship-tar-"));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function writeTarball(bytes: Buffer, name = "p.tgz"): Promise<string> {
  const file = join(work, name);
  await writeFile(file, bytes);
  return file;
}

async function listTree(folder: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory())
      out.push(`${path}/`, ...(await listTree(join(folder, entry.name), `${path}/`))); // bounded: a test package's few files
    else out.push(path);
  }
  return out.sort();
}

describe("extractTarball", () => {
  it("extracts files and folders below the stripped package/ folder", async () => {
    const file = await writeTarball(
      tarGz([
        { name: "package/", type: "dir" },
        { name: "package/package.json", body: '{"name":"x"}' },
        { name: "package/lib/", type: "dir" },
        { name: "package/lib/a.js", body: "exports.a = 1;\n" },
        { name: "package/empty/", type: "dir" },
        { name: "package/zero.txt", body: "" },
      ]),
    );
    const out = join(work, "out");
    const result = await extractTarball(file, out, { stripComponents: 1 });
    expect(await listTree(out)).toEqual(["empty/", "lib/", "lib/a.js", "package.json", "zero.txt"]);
    expect(await readFile(join(out, "lib/a.js"), "utf8")).toBe("exports.a = 1;\n");
    expect(result).toEqual({ files: 3, bytes: 12 + 15 });
  });

  it("reads long names from pax headers and from the ustar prefix field", async () => {
    const deep = `package/${"d".repeat(60)}/${"e".repeat(60)}`;
    const file = await writeTarball(
      tarGz([
        { name: `${deep}/pax-named-${"f".repeat(40)}.js`, body: "pax" },
        { name: `${deep}/prefix-named.js`, body: "prefix", ustarPrefix: true },
      ]),
    );
    const out = join(work, "out");
    await extractTarball(file, out, { stripComponents: 1 });
    const folder = join(out, "d".repeat(60), "e".repeat(60));
    expect(await readFile(join(folder, `pax-named-${"f".repeat(40)}.js`), "utf8")).toBe("pax");
    expect(await readFile(join(folder, "prefix-named.js"), "utf8")).toBe("prefix");
  });

  it("streams a file larger than the reader's chunks byte for byte", async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i += 1) big[i] = (i * 31 + (i >> 11)) & 0xff;
    const file = await writeTarball(
      tarGz([
        { name: "package/big.bin", body: big },
        { name: "package/after.txt", body: "end" },
      ]),
    );
    const out = join(work, "out");
    await extractTarball(file, out, { stripComponents: 1 });
    expect((await readFile(join(out, "big.bin"))).equals(big)).toBe(true);
    expect(await readFile(join(out, "after.txt"), "utf8")).toBe("end");
  });

  it.skipIf(process.platform === "win32")("keeps the executable bit", async () => {
    const file = await writeTarball(tarGz([{ name: "package/run.sh", body: "#!/bin/sh\n", mode: 0o755 }]));
    const out = join(work, "out");
    await extractTarball(file, out, { stripComponents: 1 });
    expect((await stat(join(out, "run.sh"))).mode & 0o111).not.toBe(0);
  });

  it("skips symbolic and hard links, as npm does", async () => {
    const file = await writeTarball(
      tarGz([
        { name: "package/link", type: "symlink", linkTarget: "/etc/passwd" },
        { name: "package/hard", type: "hardlink", linkTarget: "package/a.js" },
        { name: "package/a.js", body: "a" },
      ]),
    );
    const out = join(work, "out");
    await extractTarball(file, out, { stripComponents: 1 });
    expect(await listTree(out)).toEqual(["a.js"]);
  });

  it.each([
    ["a `..` segment", "package/../../escaped.js", /points outside the package folder/],
    ["an absolute path", "/tmp/mlship-absolute-escape.js", /has an absolute path/],
    ["a drive letter", "C:/escaped.js", /has an absolute path/],
    ["a backslash", "package\\..\\escaped.js", /backslash/],
  ])("refuses an entry with %s and writes nothing for it", async (_what, name, reason) => {
    const file = await writeTarball(tarGz([{ name, body: "evil" }]));
    const out = join(work, "deep", "out");
    const error = await extractTarball(file, out, { stripComponents: 1, label: "evil-1.0.0.tgz" }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(MlshipError);
    expect(error.code).toBe("unsafe_tarball");
    expect(error.message).toMatch(reason);
    expect(error.message).toContain("refusing to extract evil-1.0.0.tgz");
    expect(existsSync(join(work, "escaped.js"))).toBe(false);
    expect(existsSync(join(work, "deep", "escaped.js"))).toBe(false);
    expect(existsSync("/tmp/mlship-absolute-escape.js")).toBe(false);
  });

  it("reports a truncated archive", async () => {
    const whole = tar([{ name: "package/a.js", body: "x".repeat(2000) }]);
    const file = await writeTarball(gzipSync(whole.subarray(0, 1024)));
    const error = await extractTarball(file, join(work, "out"), { label: "cut.tgz" }).catch((e) => e);
    expect(error).toBeInstanceOf(MlshipError);
    expect(error.message).toMatch(/cut\.tgz is not a readable tar archive: ends inside package\/a\.js/);
  });

  it("reports a file that is not gzip", async () => {
    const file = await writeTarball(Buffer.from("<html>proxy login page</html>"));
    const error = await extractTarball(file, join(work, "out"), { label: "page.tgz" }).catch((e) => e);
    expect(error).toBeInstanceOf(MlshipError);
    expect(error.message).toMatch(/page\.tgz is not a readable tar archive: gzip: /);
  });

  it("reports a header whose checksum does not match", async () => {
    const bytes = tar([{ name: "package/a.js", body: "a" }]);
    bytes[10] ^= 0x01;
    const file = await writeTarball(gzipSync(bytes));
    const error = await extractTarball(file, join(work, "out")).catch((e) => e);
    expect(error).toBeInstanceOf(MlshipError);
    expect(error.message).toMatch(/header checksum mismatch/);
  });
});
