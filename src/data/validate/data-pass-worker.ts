/**
 * Entry point of the data-pass worker threads (bundled into `data-pass-worker.js` beside
 * each dist/ bundle that validates data): reads one byte range of a CSV file and posts
 * what it found to the thread that started it.
 */
import { runDataPassWorker } from "./parallel-pass.js";

await runDataPassWorker();
