/** The post step of promote (bundled into dist/promote/post.js): the same as deploy-canary's. */
import "./deploy-canary-post.js";
