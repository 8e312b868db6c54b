/** Picks the reader for a data file from its name (`.csv`, `.tsv`, `.jsonl`, `.parquet`, each optionally `.gz`). */
import { type Stats, statSync } from "node:fs";
import { extname } from "node:path";
import { MlshipError } from "../../errors.js";
import { CsvReader } from "./csv-reader.js";
import { JsonlReader } from "./jsonl-reader.js";
import { ParquetReader } from "./parquet-reader.js";
import type { TableFormat, TableReader } from "./table-reader.js";

export interface OpenTableOptions {
  format?: TableFormat;
  delimiter?: string;
}

export function detectFormat(file: string): { format: TableFormat; delimiter?: string } | undefined {
  const name = file.toLowerCase().replace(/\.gz$/, "");
  switch (extname(name)) {
    case ".csv":
    case ".txt":
      return { format: "csv" };
    case ".tsv":
    case ".tab":
      return { format: "csv", delimiter: "\t" };
    case ".jsonl":
    case ".ndjson":
    case ".json":
      return { format: "jsonl" };
    case ".parquet":
    case ".pq":
      return { format: "parquet" };
    default:
      return undefined;
  }
}

export function openTable(file: string, options: OpenTableOptions = {}): TableReader {
  const detected = detectFormat(file);
  const format = options.format ?? detected?.format;
  if (!format) {
    refuseMissingOrFolder(file);
    throw new MlshipError(
      "unknown_format",
      `cannot tell the format of ${file} from its name: use .csv, .tsv, .jsonl or .parquet (optionally .gz), or pass --format`,
      { file },
    );
  }
  if (format === "parquet" && file.toLowerCase().endsWith(".gz")) {
    throw new MlshipError(
      "unknown_format",
      `${file}: gzipped Parquet is not supported (Parquet compresses inside)`,
      {
        file,
      },
    );
  }
  switch (format) {
    case "csv":
      return new CsvReader(file, { delimiter: options.delimiter ?? detected?.delimiter });
    case "jsonl":
      return new JsonlReader(file);
    case "parquet":
      return new ParquetReader(file);
  }
}

/** A folder or a typo usually has no known extension either: say that rather than "cannot tell the format". */
function refuseMissingOrFolder(file: string): void {
  let info: Stats | undefined;
  try {
    info = statSync(file, { throwIfNoEntry: false });
  } catch {
    return; // e.g. ENOTDIR: the reader will say what is wrong once a format is given
  }
  if (!info) throw new MlshipError("file_not_found", `${file}: no such file`, { file });
  if (info.isDirectory())
    throw new MlshipError("not_a_file", `${file} is a directory, not a data file`, { file });
}
